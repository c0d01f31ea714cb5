package io.sparkrcnn.jobs.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkrcnn.jobs.eval.MetricsFile;
import io.sparkrcnn.jobs.testing.Cli;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code predict} on the command line (Spark local[2]) with an export of a random-weight tiny model: a folder of a
 * JPEG, a grayscale JPEG, a PNG and a corrupt file, and a val shard of three records. Checks every jsonl line, the
 * drawings, the skip, that eval scores the output, and the refusal and replacement of an earlier output.
 */
class PredictCommandIT {
  @TempDir static Path tmp;
  static Path config;
  static Path export;
  static Path inputs;
  static Path data;
  static org.deeplearning4j.nn.graph.ComputationGraph graph;
  static final Map<String, int[]> SIZES = Map.of("blue.png", new int[] {64, 80}, "gray.jpg", new int[] {100, 70},
      "red.jpg", new int[] {150, 90}, "Abyssinian_1.jpg", new int[] {120, 96}, "Abyssinian_2.jpg",
      new int[] {120, 96}, "Bengal_3.jpg", new int[] {120, 96});

  @BeforeAll
  static void exportAndInputs() throws Exception {
    data = tmp.resolve("data");
    config = TinyExport.config(data, tmp.resolve("pipeline.config"));
    graph = TinyExport.graph(config);
    export = TinyExport.write(graph, config, tmp.resolve("export"));
    inputs = Files.createDirectories(tmp.resolve("inputs"));
    Files.write(inputs.resolve("red.jpg"), TinyExport.image(150, 90, Color.RED, "jpg", BufferedImage.TYPE_INT_RGB));
    Files.write(inputs.resolve("gray.jpg"), TinyExport.image(100, 70, Color.WHITE, "jpg",
        BufferedImage.TYPE_BYTE_GRAY));
    Files.write(inputs.resolve("blue.png"), TinyExport.image(64, 80, Color.BLUE, "png", BufferedImage.TYPE_INT_RGB));
    Files.write(inputs.resolve("broken.jpg"), "not a JPEG at all".getBytes());
    TinyExport.shard(data.resolve("pet_faces_val.record-00000-of-00010"),
        List.of("Abyssinian_1.jpg", "Abyssinian_2.jpg", "Bengal_3.jpg"), 120, 96);
  }

  private static Cli.Run predict(Path out, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("predict", "--model_dir", export.toString(), "--input_path",
        inputs + "," + data + "/pet_faces_val.record-?????-of-00010", "--output_dir", out.toString(),
        "--min_score_thresh", "0.02"));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  void predictsDrawsSkipsTheCorruptFileAndEvalScoresTheOutput() throws Exception {
    Path out = tmp.resolve("predictions");
    Cli.Run run = predict(out);
    assertEquals(0, run.exit(), run.out() + run.err());
    assertTrue(run.out().contains("6 of 7 inputs predicted, 1 skipped"), run.out());

    ObjectMapper json = new ObjectMapper();
    List<String> lines = Files.readAllLines(out.resolve(DetectionsJsonl.NAME));
    List<String> ids = lines.stream().map(l -> readTree(json, l).get("image_id").asText()).toList();
    assertEquals(List.of("blue.png", "gray.jpg", "red.jpg", "Abyssinian_1.jpg", "Abyssinian_2.jpg", "Bengal_3.jpg"),
        ids);
    for (String line : lines) {
      JsonNode n = readTree(json, line);
      assertEquals(List.of("image_id", "boxes", "scores", "classes"), fieldNames(n));
      int k = n.get("scores").size();
      assertTrue(k > 0, line);
      assertEquals(k, n.get("boxes").size());
      assertEquals(k, n.get("classes").size());
      double previous = 1;
      for (int i = 0; i < k; i++) {
        JsonNode b = n.get("boxes").get(i);
        for (int j = 0; j < 4; j++) {
          assertTrue(b.get(j).asDouble() >= 0 && b.get(j).asDouble() <= 1, "box " + b);
        }
        assertTrue(b.get(0).asDouble() <= b.get(2).asDouble() && b.get(1).asDouble() <= b.get(3).asDouble(), "" + b);
        int c = n.get("classes").get(i).asInt();
        assertTrue(c >= 1 && c <= 37, "class " + c);
        double s = n.get("scores").get(i).asDouble();
        assertTrue(s >= 0 && s <= previous, "scores best first: " + s + " after " + previous);
        previous = s;
      }
    }

    for (Map.Entry<String, int[]> e : SIZES.entrySet()) {
      Path drawing = out.resolve("images").resolve(ImageNames.stem(e.getKey()) + ".jpg");
      BufferedImage img = ImageIO.read(drawing.toFile());
      assertNotNull(img, drawing + " decodes");
      assertEquals(e.getValue()[0], img.getWidth(), drawing.toString());
      assertEquals(e.getValue()[1], img.getHeight(), drawing.toString());
    }
    try (Stream<Path> images = Files.list(out.resolve("images"))) {
      assertEquals(6, images.count());
    }

    JsonNode report = json.readTree(out.resolve(PredictOutput.REPORT).toFile());
    assertEquals(7, report.get("inputs").asInt());
    assertEquals(6, report.get("predicted").asInt());
    assertEquals(1, report.get("skipped").asInt());
    JsonNode skip = report.get("skipped_inputs").get(0);
    assertEquals("broken.jpg", skip.get("id").asText());
    assertTrue(skip.get("source").asText().endsWith("inputs/broken.jpg"), skip.toString());
    assertTrue(skip.get("reason").asText().contains("is not an image ImageIO can read"), skip.toString());
    assertTrue(report.get("detections_drawn").asInt() > 0, report.toString());
    try (Stream<Path> beside = Files.list(tmp)) {
      assertFalse(beside.anyMatch(p -> p.getFileName().toString().startsWith(".predictions.")), "staging left");
    }

    Cli.Run eval = Cli.run("eval", "--pipeline_config_path", config.toString(), "--eval_dir",
        tmp.resolve("eval").toString(), "--detections_file", out.resolve(DetectionsJsonl.NAME).toString());
    assertEquals(0, eval.exit(), eval.out() + eval.err());
    assertTrue(eval.out().startsWith("3 images scored"), eval.out());
    assertTrue(Files.exists(tmp.resolve("eval").resolve(MetricsFile.NAME)));
  }

  @Test
  void anEarlierOutputIsRefusedInOneLineAndReplacedWithOverwriteWithoutDrawings() throws Exception {
    Path out = tmp.resolve("again");
    assertEquals(0, predict(out, "--visualize", "false").exit());
    assertFalse(Files.exists(out.resolve("images")));
    String first = Files.readString(out.resolve(DetectionsJsonl.NAME));
    Cli.assertRefusedInOneLine(predict(out), "is not empty; pass --overwrite");
    Cli.Run again = predict(out, "--overwrite");
    assertEquals(0, again.exit(), again.err());
    assertEquals(first, Files.readString(out.resolve(DetectionsJsonl.NAME)), "same model, same detections");
    try (Stream<Path> images = Files.list(out.resolve("images"))) {
      assertEquals(6, images.count());
    }
  }

  @Test
  void aTrainDirsNewestCheckpointOfTheSameModelGivesTheExportsDetections() throws Exception {
    Path shard = data.resolve("pet_faces_val.record-00000-of-00010");
    Cli.Run fromExport = Cli.run("predict", "--model_dir", export.toString(), "--input_path", shard.toString(),
        "--output_dir", tmp.resolve("from-export").toString(), "--visualize", "false");
    assertEquals(0, fromExport.exit(), fromExport.err());
    Path train = tmp.resolve("train");
    var checkpoints = new io.sparkrcnn.model.checkpoint.Checkpoints(io.sparkrcnn.io.testing.LocalFs.get(),
        io.sparkrcnn.io.testing.LocalFs.path(train), 5);
    checkpoints.write(TinyExport.graph(config, 8), 1); // other weights, older
    checkpoints.write(graph, 2);
    Cli.Run fromCheckpoint = Cli.run("predict", "--checkpoint_dir", train.toString(), "--pipeline_config_path",
        config.toString(), "--input_path", shard.toString(), "--output_dir", tmp.resolve("from-train").toString(),
        "--visualize", "false");
    assertEquals(0, fromCheckpoint.exit(), fromCheckpoint.err());
    assertEquals(Files.readString(tmp.resolve("from-export").resolve(DetectionsJsonl.NAME)),
        Files.readString(tmp.resolve("from-train").resolve(DetectionsJsonl.NAME)));
    JsonNode report = new ObjectMapper().readTree(tmp.resolve("from-train").resolve(PredictOutput.REPORT).toFile());
    assertTrue(report.get("model").asText().endsWith("model.ckpt-2 (step 2)"), report.toString());
  }

  @Test
  void damagedShardsRecordsThatAreNotExamplesAndOtherFilesAreSkippedNotFatal() throws Exception {
    Path odd = Files.createDirectories(tmp.resolve("odd"));
    Path shard = data.resolve("pet_faces_val.record-00000-of-00010");
    byte[] whole = Files.readAllBytes(shard);
    Files.write(odd.resolve("cut.record"), java.util.Arrays.copyOf(whole, whole.length * 5 / 6)); // in record 3
    try (var w = io.sparkrcnn.io.tfrecord.TfRecordWriter.create(io.sparkrcnn.io.testing.LocalFs.get(),
        io.sparkrcnn.io.testing.LocalFs.path(odd.resolve("mixed.record")), io.sparkrcnn.io.tfrecord.Compression.GZIP)) {
      w.write("not an Example".getBytes());
      w.write(java.util.Arrays.copyOfRange(whole, 12, 12 + (int) lengthOfFirstRecord(whole)));
    }
    Files.writeString(odd.resolve("notes.txt"), "a list of pets");
    Path out = tmp.resolve("odd-predictions");
    Cli.Run run = Cli.run("predict", "--model_dir", export.toString(), "--input_path", odd.toString(), "--output_dir",
        out.toString(), "--visualize", "false");
    assertEquals(0, run.exit(), run.out() + run.err());
    assertTrue(run.out().contains("3 of 6 inputs predicted, 3 skipped"), run.out());
    List<String> ids = Files.readAllLines(out.resolve(DetectionsJsonl.NAME)).stream()
        .map(l -> readTree(new ObjectMapper(), l).get("image_id").asText()).toList();
    assertEquals(List.of("Abyssinian_1.jpg", "Abyssinian_2.jpg", "Abyssinian_1.jpg"), ids);
    JsonNode skips = new ObjectMapper().readTree(out.resolve(PredictOutput.REPORT).toFile()).get("skipped_inputs");
    assertEquals("cut.record", skips.get(0).get("id").asText());
    assertTrue(skips.get(0).get("reason").asText().startsWith("damaged after record 2 ("), skips.toString());
    assertEquals("mixed.record record 1", skips.get(1).get("id").asText());
    assertTrue(skips.get(1).get("reason").asText().startsWith("not a tf.train.Example"), skips.toString());
    assertEquals("notes.txt", skips.get(2).get("id").asText());
    assertEquals("neither an image (JPEG, PNG, GIF, BMP) nor a TFRecord file", skips.get(2).get("reason").asText());
  }

  /** The length field of a TFRecord file's first record. */
  private static long lengthOfFirstRecord(byte[] file) {
    return java.nio.ByteBuffer.wrap(file, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
  }

  private static JsonNode readTree(ObjectMapper json, String line) {
    try {
      return json.readTree(line);
    } catch (Exception e) {
      throw new AssertionError(line, e);
    }
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> names = new java.util.ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
