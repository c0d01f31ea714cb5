package io.sparkrcnn.conversion.pets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.io.example.ExampleEncoder;
import io.sparkrcnn.io.labelmap.LabelMap;
import io.sparkrcnn.conversion.synth.SyntheticPets;
import io.sparkrcnn.io.testing.LocalFs;
import io.sparkrcnn.io.testing.TensorFlowReader;
import io.sparkrcnn.io.testing.TensorFlowReader.Masks;
import io.sparkrcnn.io.tfrecord.Compression;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConvertedRecordsReadByTensorFlowTest {
  @TempDir static java.nio.file.Path tmp;
  static FileSystem fs = LocalFs.get();
  static List<SyntheticPets.Item> items;
  static PetsLayout layout;

  @BeforeAll
  static void dataset() throws Exception {
    Path root = LocalFs.path(tmp.resolve("pets"));
    items = SyntheticPets.write(fs, root, new SyntheticPets.Spec(2, 3, 5, 80, 60));
    layout = new PetsLayout(root.toString());
  }

  private List<TensorFlowReader.Parsed> convertAndRead(PetsConversionOptions options, Compression compression,
      Masks masks) throws Exception {
    List<String> ids = items.stream().map(SyntheticPets.Item::id).toList();
    Path target = LocalFs.path(tmp.resolve("shard-" + options.facesOnly() + options.maskType() + compression));
    ShardResult result = new PetsShardConverter(fs, fs, layout, LabelMap.pets(), options, compression)
        .convert(new ShardSpec("train", "x", ids), target);
    assertEquals(ids.size(), result.records());
    assertEquals(Files.size(java.nio.file.Path.of(target.toUri())), result.bytes());
    return TensorFlowReader.read(java.nio.file.Path.of(target.toUri()),
        compression == Compression.GZIP ? "GZIP" : "", masks);
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void tensorFlowParsesEveryFaceRecordWithTheReferenceKeys(Compression compression) throws Exception {
    List<TensorFlowReader.Parsed> parsed = convertAndRead(new PetsConversionOptions(true, MaskType.PNG, true),
        compression, Masks.NONE);
    assertEquals(items.size(), parsed.size());
    Map<String, SyntheticPets.Item> byFile = items.stream()
        .collect(Collectors.toMap(i -> i.id() + ".jpg", Function.identity()));
    for (TensorFlowReader.Parsed p : parsed) {
      SyntheticPets.Item item = byFile.get(p.filename());
      String breed = LabelMap.PETS_CLASSES.get(item.classIndex());
      assertEquals(p.filename(), p.sourceId());
      assertEquals("jpeg", p.format());
      assertEquals(60, p.height());
      assertEquals(80, p.width());
      assertArrayEquals(new long[] {60, 80, 3}, p.decodedShape(), "DecodeJpeg gives the declared size");
      byte[] original = Files.readAllBytes(tmp.resolve("pets/images/" + p.filename()));
      assertArrayEquals(original, p.encoded(), "the original JPEG bytes are stored");
      assertEquals(ExampleEncoder.sha256Hex(original), p.sha256());
      assertEquals(List.of(breed), p.classText());
      assertArrayEquals(new long[] {item.classIndex() + 1}, p.label());
      assertArrayEquals(new float[] {item.xmin() / 80f}, p.xmin(), 1e-6f);
      assertArrayEquals(new float[] {item.xmax() / 80f}, p.xmax(), 1e-6f);
      assertArrayEquals(new float[] {item.ymin() / 60f}, p.ymin(), 1e-6f);
      assertArrayEquals(new float[] {item.ymax() / 60f}, p.ymax(), 1e-6f);
      assertArrayEquals(new long[] {0}, p.difficult());
      assertArrayEquals(new long[] {0}, p.truncated());
      assertEquals(List.of("Frontal"), p.view());
    }
  }

  @Test
  void fullBodyRecordsCarryOnePngMaskPerObjectOfTheImageSize() throws Exception {
    List<TensorFlowReader.Parsed> parsed = convertAndRead(new PetsConversionOptions(false, MaskType.PNG, true),
        Compression.NONE, Masks.PNG);
    assertEquals(items.size(), parsed.size());
    for (TensorFlowReader.Parsed p : parsed) {
      assertEquals(1, p.maskShapes().size());
      assertArrayEquals(new long[] {60, 80, 1}, p.maskShapes().get(0));
      assertTrue(p.xmax()[0] > p.xmin()[0] && p.ymax()[0] > p.ymin()[0]);
    }
  }

  @Test
  void numericalMasksAreZeroOneFloatsOfHeightTimesWidthPerObject() throws Exception {
    List<TensorFlowReader.Parsed> parsed = convertAndRead(new PetsConversionOptions(false, MaskType.NUMERICAL, true),
        Compression.NONE, Masks.NUMERICAL);
    for (TensorFlowReader.Parsed p : parsed) {
      assertEquals(60 * 80, p.numericalMask().length);
      double ones = 0;
      for (float v : p.numericalMask()) {
        assertTrue(v == 0f || v == 1f);
        ones += v;
      }
      assertTrue(ones > 0 && ones < 60 * 80, "the pet covers part of the image");
    }
  }
}
