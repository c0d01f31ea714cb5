package io.sparkrcnn.conversion.pets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.io.labelmap.LabelMap;
import io.sparkrcnn.io.testing.LocalFs;
import io.sparkrcnn.conversion.testing.QuirkyPets;
import io.sparkrcnn.io.testing.TensorFlowReader;
import io.sparkrcnn.io.tfrecord.Compression;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input is skipped with its reason or repaired; nothing TensorFlow cannot use is written. */
class BadInputTest {
  @TempDir static java.nio.file.Path tmp;
  static FileSystem fs = LocalFs.get();
  static Map<String, QuirkyPets.Expect> expected;
  static PetsLayout layout;
  static List<String> ids;

  @BeforeAll
  static void dataset() throws Exception {
    Path root = LocalFs.path(tmp.resolve("quirky"));
    expected = QuirkyPets.write(fs, root, 4, 6);
    layout = new PetsLayout(root.toString());
    ids = PetsLayout.readExampleIds(fs, layout.trainvalList());
  }

  @Test
  void eachQuirkIsSkippedWithItsReasonOrRepairedAndNoted() throws Exception {
    PetExampleReader reader = new PetExampleReader(fs, layout, LabelMap.pets(),
        new PetsConversionOptions(true, MaskType.PNG, true));
    Map<String, ExampleOutcome> outcomes = new HashMap<>();
    for (String id : ids) {
      outcomes.put(id, reader.read(id));
    }
    assertEquals(expected.keySet().size(), expected.size());
    for (var e : expected.entrySet()) {
      ExampleOutcome o = outcomes.get(e.getKey());
      if (e.getValue().skipped()) {
        ExampleOutcome.Skipped s = assertInstanceOf(ExampleOutcome.Skipped.class, o, e.getKey());
        assertTrue(s.reason().contains(e.getValue().text()), e.getKey() + ": " + s.reason());
      } else {
        ExampleOutcome.Converted c = assertInstanceOf(ExampleOutcome.Converted.class, o, e.getKey());
        String said = c.reencoded() + " " + (c.clippedBoxes() > 0 ? "clipped" : "");
        assertTrue(said.contains(e.getValue().text()), e.getKey() + ": " + said);
      }
    }
    long skipped = outcomes.values().stream().filter(o -> o instanceof ExampleOutcome.Skipped).count();
    assertEquals(expected.values().stream().filter(QuirkyPets.Expect::skipped).count(), skipped,
        "only the quirky examples are skipped");
  }

  @Test
  void everyWrittenRecordIsReadDecodedAndInRangeForTensorFlow() throws Exception {
    for (boolean facesOnly : new boolean[] {true, false}) {
      Path shard = LocalFs.path(tmp.resolve("all-" + facesOnly));
      ShardResult r = new PetsShardConverter(fs, fs, layout, LabelMap.pets(),
          new PetsConversionOptions(facesOnly, MaskType.PNG, true), Compression.NONE)
          .convert(new ShardSpec("train", "all", ids), shard);
      List<TensorFlowReader.Parsed> parsed = TensorFlowReader.read(java.nio.file.Path.of(shard.toUri()), "",
          facesOnly ? TensorFlowReader.Masks.NONE : TensorFlowReader.Masks.PNG);
      assertEquals(r.records(), parsed.size());
      assertEquals(ids.size(), r.records() + r.skipped().size());
      LabelMap labels = LabelMap.pets();
      for (TensorFlowReader.Parsed p : parsed) {
        assertArrayEquals(new long[] {p.height(), p.width(), 3}, p.decodedShape(), p.filename());
        for (float[] coords : List.of(p.xmin(), p.xmax(), p.ymin(), p.ymax())) {
          for (float v : coords) {
            assertTrue(v >= 0 && v <= 1, p.filename() + " box coordinate " + v);
          }
        }
        for (int i = 0; i < p.label().length; i++) {
          assertEquals(labels.idOf(p.classText().get(i)).orElseThrow().longValue(), p.label()[i]);
        }
      }
    }
  }
}
