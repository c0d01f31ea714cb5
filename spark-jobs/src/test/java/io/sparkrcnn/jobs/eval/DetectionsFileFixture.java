package io.sparkrcnn.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkrcnn.io.example.GroundTruth;
import io.sparkrcnn.io.testing.LocalFs;
import io.sparkrcnn.io.tfrecord.Compression;
import io.sparkrcnn.io.tfrecord.TfRecordReader;
import io.sparkrcnn.jobs.testing.Cli;
import io.sparkrcnn.jobs.testing.ShippedConfigs;
import io.sparkrcnn.jobs.testing.Shards;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.IntUnaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.example.Example;

/**
 * The fixture of the {@code eval --detections_file} tests: records made by convert from a synthetic Pets folder
 * (5 classes, 4 images each), the shipped tiny config pointed at them, their val ground truth, and detections files
 * made from it. One set per test class.
 */
abstract class DetectionsFileFixture {
  @TempDir static Path tmp;
  static Path config;
  static final List<GroundTruth> val = new ArrayList<>();

  @BeforeAll
  static void recordsAndConfig() throws Exception {
    Path data = tmp.resolve("pets");
    Path records = tmp.resolve("records");
    assertEquals(0, Cli.run("synth", "--output_dir", data.toString(), "--images_per_class", "4", "--num_classes", "5",
        "--image_size", "64x48").exit());
    assertEquals(0, Cli.run("convert", "--data_dir", data.toString(), "--output_dir", records.toString()).exit());
    config = ShippedConfigs.write("tiny_pets.config", records.toString(), tmp.resolve("pipeline.config"));
    val.clear();
    for (Path shard : Shards.of(records, "pet_faces_val.record")) {
      try (TfRecordReader r = TfRecordReader.open(LocalFs.get(), LocalFs.path(shard), Compression.NONE)) {
        for (byte[] rec = r.next(); rec != null; rec = r.next()) {
          val.add(GroundTruth.of(Example.parseFrom(rec)));
        }
      }
    }
    assertTrue(val.size() >= 3);
  }

  /** Perfect detections of every val image, with the classes {@code classOf} gives. */
  static Path detections(String name, IntUnaryOperator classOf) throws Exception {
    return detections(name, classOf, (g, i) -> g.sourceId(), b -> b);
  }

  /** Perfect detections of every val image but the ones {@code idOf} gives null, with ids and boxes changed. */
  static Path detections(String name, IntUnaryOperator classOf, BiFunction<GroundTruth, Integer, String> idOf,
      UnaryOperator<float[]> boxOf) throws Exception {
    StringBuilder s = new StringBuilder();
    ObjectMapper json = new ObjectMapper();
    for (int n = 0; n < val.size(); n++) {
      GroundTruth g = val.get(n);
      var line = json.createObjectNode().put("image_id", idOf.apply(g, n));
      var boxes = line.putArray("boxes");
      var scores = line.putArray("scores");
      var classes = line.putArray("classes");
      for (int i = 0; i < g.boxes().length; i++) {
        var b = boxes.addArray();
        for (float v : boxOf.apply(g.boxes()[i].clone())) {
          b.add(v);
        }
        scores.add(0.9);
        classes.add(classOf.applyAsInt(g.classes()[i]));
      }
      s.append(json.writeValueAsString(line)).append('\n');
    }
    Path p = tmp.resolve(name);
    Files.writeString(p, s.toString());
    return p;
  }

  /** {@code eval} of {@code dets} with the fixture's config into {@code tmp/evalDir}. */
  static Cli.Run evalRun(Path dets, String evalDir) {
    return Cli.run("eval", "--pipeline_config_path", config.toString(), "--eval_dir", tmp.resolve(evalDir).toString(),
        "--detections_file", dets.toString());
  }
}
