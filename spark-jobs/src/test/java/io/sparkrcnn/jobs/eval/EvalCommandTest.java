package io.sparkrcnn.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkrcnn.io.example.GroundTruth;
import io.sparkrcnn.io.testing.LocalFs;
import io.sparkrcnn.io.tfrecord.Compression;
import io.sparkrcnn.io.tfrecord.TfRecordReader;
import io.sparkrcnn.jobs.testing.Cli;
import io.sparkrcnn.jobs.testing.Shards;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.IntUnaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.example.Example;

/** eval --detections_file on records made by convert, with the shipped tiny config pointed at them. */
class EvalCommandTest {
  @TempDir static Path tmp;
  static Path config;
  static List<GroundTruth> val = new ArrayList<>();

  @BeforeAll
  static void recordsAndConfig() throws Exception {
    Path data = tmp.resolve("pets");
    Path records = tmp.resolve("records");
    assertEquals(0, Cli.run("synth", "--output_dir", data.toString(), "--images_per_class", "4", "--num_classes", "5",
        "--image_size", "64x48").exit());
    assertEquals(0, Cli.run("convert", "--data_dir", data.toString(), "--output_dir", records.toString()).exit());
    String text = Files.readString(Path.of("..", "cluster-configs", "pipelines", "tiny_pets.config"))
        .replace("PATH_TO_BE_CONFIGURED", records.toString());
    config = tmp.resolve("pipeline.config");
    Files.writeString(config, text);
    for (Path shard : Shards.of(records, "pet_faces_val.record")) {
      try (TfRecordReader r = TfRecordReader.open(LocalFs.get(), LocalFs.path(shard), Compression.NONE)) {
        for (byte[] rec = r.next(); rec != null; rec = r.next()) {
          val.add(GroundTruth.of(Example.parseFrom(rec)));
        }
      }
    }
    assertTrue(val.size() >= 3);
  }

  private static Path detections(String name, IntUnaryOperator classOf) throws Exception {
    return detections(name, classOf, (g, i) -> g.sourceId(), b -> b);
  }

  /** Perfect detections of every val image but the ones {@code idOf} gives null, with ids and boxes changed. */
  private static Path detections(String name, IntUnaryOperator classOf, BiFunction<GroundTruth, Integer, String> idOf,
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

  private static JsonNode eval(Path dets, Path evalDir) throws Exception {
    Cli.Run run = Cli.run("eval", "--pipeline_config_path", config.toString(), "--eval_dir", evalDir.toString(),
        "--detections_file", dets.toString());
    assertEquals(0, run.exit(), run.err());
    return new ObjectMapper().readTree(Files.readString(evalDir.resolve("metrics.json")));
  }

  @Test
  void perfectDetectionsScoreOneOnBothMetrics() throws Exception {
    JsonNode m = eval(detections("perfect.jsonl", c -> c), tmp.resolve("eval-perfect"));
    assertEquals(1.0, m.get("PascalBoxes_Precision/mAP@0.5IOU").asDouble(), 1e-9);
    assertEquals(1.0, m.get("DetectionBoxes_Precision/mAP").asDouble(), 1e-9);
    assertEquals(1.0, m.get("PascalBoxes_PerformanceByCategory/AP@0.5IOU/Abyssinian").asDouble(), 1e-9);
    assertTrue(m.get("PascalBoxes_PerformanceByCategory/AP@0.5IOU/yorkshire_terrier").isNull(),
        "a breed without ground truth has no AP");
  }

  @Test
  void wrongClassesScoreZero() throws Exception {
    JsonNode m = eval(detections("wrong.jsonl", c -> c % 37 + 1), tmp.resolve("eval-wrong"));
    assertEquals(0.0, m.get("PascalBoxes_Precision/mAP@0.5IOU").asDouble(), 1e-9);
    assertEquals(0.0, m.get("DetectionBoxes_Precision/mAP").asDouble(), 1e-9);
  }

  @Test
  void aBadLineIsOneErrorNamingItsNumber() throws Exception {
    Path bad = tmp.resolve("bad.jsonl");
    Files.writeString(bad, "{\"image_id\": \"x\", \"boxes\": [], \"scores\": [], \"classes\": []}\n{\"image_id\": 1, "
        + "\"boxes\": [[0,0,1]], \"scores\": [0.5], \"classes\": [1]}\n");
    Cli.Run run = Cli.run("eval", "--pipeline_config_path", config.toString(), "--eval_dir",
        tmp.resolve("e3").toString(), "--detections_file", bad.toString());
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("bad.jsonl:2:") && run.err().contains("box 0"), run.err());
  }

  @Test
  void anUnconfiguredPathIsNamed() throws Exception {
    Path raw = tmp.resolve("raw.config");
    Files.copy(Path.of("..", "cluster-configs", "pipelines", "tiny_pets.config"), raw);
    Cli.Run run = Cli.run("eval", "--pipeline_config_path", raw.toString(), "--eval_dir", tmp.resolve("e4").toString(),
        "--detections_file", tmp.resolve("none.jsonl").toString());
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("PATH_TO_BE_CONFIGURED"), run.err());
  }

  @Test
  void recordsThatAreNotTfRecordsAreNamed() throws Exception {
    Path junkDir = tmp.resolve("junk");
    Files.createDirectories(junkDir);
    Files.writeString(junkDir.resolve("pet_faces_val.record-00000-of-00010"), "this is not a TFRecord file at all");
    Files.writeString(junkDir.resolve("pet_label_map.pbtxt"), io.sparkrcnn.io.labelmap.LabelMap.pets().toPbtxt());
    Path cfg = tmp.resolve("junk.config");
    Files.writeString(cfg, Files.readString(Path.of("..", "cluster-configs", "pipelines", "tiny_pets.config"))
        .replace("PATH_TO_BE_CONFIGURED", junkDir.toString()));
    Path dets = tmp.resolve("empty.jsonl");
    Files.writeString(dets, "");
    Cli.Run run = Cli.run("eval", "--pipeline_config_path", cfg.toString(), "--eval_dir", tmp.resolve("e5").toString(),
        "--detections_file", dets.toString());
    assertEquals(2, run.exit(), run.err());
    assertTrue(run.err().contains("pet_faces_val.record-00000-of-00010"), run.err());
  }

  @Test
  void exactlyOneOfCheckpointDirAndDetectionsFileIsNeeded() {
    Cli.Run run = Cli.run("eval", "--pipeline_config_path", config.toString(), "--eval_dir", tmp.resolve("e7").toString());
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("--checkpoint_dir") && run.err().contains("--detections_file"), run.err());
  }

  private static Cli.Run evalRun(Path dets, String evalDir) {
    return Cli.run("eval", "--pipeline_config_path", config.toString(), "--eval_dir", tmp.resolve(evalDir).toString(),
        "--detections_file", dets.toString());
  }

  private static void assertRefusedInOneLine(Cli.Run run, String... parts) {
    assertEquals(2, run.exit(), run.err());
    List<String> lines = run.err().lines().filter(l -> !l.isBlank()).toList();
    assertEquals(1, lines.size(), run.err());
    for (String part : parts) {
      assertTrue(lines.get(0).contains(part), part + " in: " + run.err());
    }
  }

  @Test
  void pixelCoordinatesAreRefusedAsSuch() throws Exception {
    Path dets = detections("pixels.jsonl", c -> c, (g, n) -> g.sourceId(),
        b -> new float[] {b[0] * 48, b[1] * 64, b[2] * 48, b[3] * 64});
    assertRefusedInOneLine(evalRun(dets, "e-pixels"), "pixels.jsonl", "pixel coordinates", "normalised");
  }

  @Test
  void idsWithoutTheJpgExtensionAreRefusedNamingTheIdTheRecordsHave() throws Exception {
    Path dets = detections("nojpg.jsonl", c -> c, (g, n) -> g.sourceId().replace(".jpg", ""), b -> b);
    String first = val.get(0).sourceId();
    assertRefusedInOneLine(evalRun(dets, "e-nojpg"), val.size() + " of " + val.size() + " images",
        "'" + first.replace(".jpg", "") + "', the records have '" + first + "'");
  }

  @Test
  void invertedBoxesAreRefusedAsSuch() throws Exception {
    Path dets = detections("inverted.jsonl", c -> c, (g, n) -> g.sourceId(), b -> new float[] {b[2], b[1], b[0], b[3]});
    assertRefusedInOneLine(evalRun(dets, "e-inverted"), "ymin > ymax");
  }

  @Test
  void anEmptyDetectionsFileIsRefused() throws Exception {
    Path dets = tmp.resolve("nothing.jsonl");
    Files.writeString(dets, "\n\n");
    assertRefusedInOneLine(evalRun(dets, "e-nothing"), "nothing.jsonl", "holds no detections");
  }

  @Test
  void aPartialMismatchIsScoredWithOneWarningLineAndTheCountsPrinted() throws Exception {
    Path dets = detections("partial.jsonl", c -> c, (g, n) -> n == 0 ? "not_in_records.jpg" : g.sourceId(), b -> b);
    Cli.Run run = evalRun(dets, "e-partial");
    assertEquals(0, run.exit(), run.err());
    List<String> warnings = run.err().lines().filter(l -> l.startsWith("warning:")).toList();
    assertEquals(1, warnings.size(), run.err());
    assertTrue(warnings.get(0).contains("1 of " + val.size() + " images") && warnings.get(0).contains("not_in_records"),
        run.err());
    assertTrue(run.out().contains(val.size() + " images with detections, " + (val.size() - 1)
        + " of them in the eval records"), run.out());
  }

  @Test
  void aDirectoryGivenAsTheDetectionsFileIsCalledOne() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("dets-dir"));
    assertRefusedInOneLine(evalRun(dir, "e-dir"), "dets-dir", "is a directory");
  }

  @Test
  void byteOrderMarksInTheConfigAndTheDetectionsFileAreIgnored() throws Exception {
    Path bomConfig = tmp.resolve("bom.config");
    Files.writeString(bomConfig, "\uFEFF" + Files.readString(config));
    Path dets = tmp.resolve("bom.jsonl");
    Files.writeString(dets, "\uFEFF" + Files.readString(detections("plain.jsonl", c -> c)));
    Cli.Run run = Cli.run("eval", "--pipeline_config_path", bomConfig.toString(), "--eval_dir",
        tmp.resolve("e-bom").toString(), "--detections_file", dets.toString());
    assertEquals(0, run.exit(), run.err());
    JsonNode m = new ObjectMapper().readTree(Files.readString(tmp.resolve("e-bom/metrics.json")));
    assertEquals(1.0, m.get("PascalBoxes_Precision/mAP@0.5IOU").asDouble(), 1e-9);
  }
}
