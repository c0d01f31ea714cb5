package io.sparkrcnn.jobs.predict;

import io.sparkrcnn.io.example.DetectionExample;
import io.sparkrcnn.io.example.DetectionObject;
import io.sparkrcnn.io.example.ExampleEncoder;
import io.sparkrcnn.io.example.NormalizedBox;
import io.sparkrcnn.io.labelmap.LabelMap;
import io.sparkrcnn.io.testing.LocalFs;
import io.sparkrcnn.io.tfrecord.Compression;
import io.sparkrcnn.io.tfrecord.TfRecordWriter;
import io.sparkrcnn.jobs.testing.ShippedConfigs;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.detector.FasterRcnnGraph;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Test data for predict, made in code: the shipped tiny config pointed at a data folder, an export directory of a
 * freshly built (random-weight) tiny model, synthetic images and a val shard of labelled records.
 */
final class TinyExport {
  private TinyExport() {}

  /** {@code data/pet_label_map.pbtxt} (the Pets map) and the tiny config pointed at {@code data}, as a file. */
  static Path config(Path data, Path file) throws Exception {
    Files.createDirectories(data);
    Files.writeString(data.resolve("pet_label_map.pbtxt"), LabelMap.pets().toPbtxt());
    return ShippedConfigs.write("tiny_pets.config", data.toString(), file);
  }

  /** A random-weight model of {@code config}. */
  static ComputationGraph graph(Path config) throws Exception {
    return graph(config, 7);
  }

  /** A random-weight model of {@code config}, initialised from {@code seed}. */
  static ComputationGraph graph(Path config, long seed) throws Exception {
    PipelineSettings s = PipelineSettings.parse(Files.readString(config), config.toString());
    return FasterRcnnGraph.build(s.model(), s.train(), seed);
  }

  /** An export directory of {@code graph} under {@code config}: model.dl4j.zip, pipeline.config, label_map.pbtxt. */
  static Path write(ComputationGraph graph, Path config, Path dir) throws Exception {
    Files.createDirectories(dir);
    try (OutputStream out = Files.newOutputStream(dir.resolve(ModelSource.MODEL_ZIP))) {
      ModelSerializer.writeModel(graph, out, false);
    }
    Files.copy(config, dir.resolve(ModelSource.CONFIG));
    Files.writeString(dir.resolve(ModelSource.LABEL_MAP), LabelMap.pets().toPbtxt());
    return dir;
  }

  /** A {@code w × h} image with a coloured rectangle, encoded as {@code format} ("jpg", "png"). */
  static byte[] image(int w, int h, Color fill, String format, int type) throws Exception {
    BufferedImage img = new BufferedImage(w, h, type);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(90, 120, 60));
    g.fillRect(0, 0, w, h);
    g.setColor(fill);
    g.fillOval(w / 4, h / 4, w / 2, h / 2);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, format, out);
    return out.toByteArray();
  }

  /** A TFRecord file of labelled JPEG records, ids {@code ids}, each {@code w × h} with one box of class 1. */
  static void shard(Path file, List<String> ids, int w, int h) throws Exception {
    try (TfRecordWriter out = TfRecordWriter.create(LocalFs.get(), LocalFs.path(file), Compression.NONE)) {
      for (String id : ids) {
        byte[] jpeg = image(w, h, Color.ORANGE, "jpg", BufferedImage.TYPE_INT_RGB);
        DetectionObject pet = new DetectionObject(new NormalizedBox(0.25f, 0.25f, 0.75f, 0.75f), "Abyssinian", 1,
            false, false, "");
        out.write(ExampleEncoder.encode(new DetectionExample(id, id, jpeg, w, h, List.of(pet), null)));
      }
    }
  }
}
