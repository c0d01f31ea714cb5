package io.sparkrcnn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkrcnn.io.example.GroundTruth;
import io.sparkrcnn.io.labelmap.LabelMap;
import io.sparkrcnn.io.testing.LocalFs;
import io.sparkrcnn.io.tfrecord.Compression;
import io.sparkrcnn.io.tfrecord.TfRecordReader;
import io.sparkrcnn.jobs.testing.Cli;
import io.sparkrcnn.jobs.testing.Shards;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.example.Example;

/**
 * The reference's own configs as a user runs them: the 2017 Pets ResNet-152 config and the current VOC 2007 and
 * KITTI ResNet-101 ones (model/src/test/resources/reference-configs), paths filled in and
 * {@code fine_tune_checkpoint} commented out, pass {@code train --dry_run} and {@code eval --detections_file}.
 */
class ReferenceConfigsCliTest {
  @TempDir static Path tmp;
  static Path records;
  static Path detections;

  @BeforeAll
  static void recordsAndDetections() throws Exception {
    records = Cli.syntheticRecords(tmp, 2, 3, "64x48");
    StringBuilder s = new StringBuilder();
    ObjectMapper json = new ObjectMapper();
    for (Path shard : Shards.of(records, "pet_faces_val.record")) {
      try (TfRecordReader r = TfRecordReader.open(LocalFs.get(), LocalFs.path(shard), Compression.NONE)) {
        for (byte[] rec = r.next(); rec != null; rec = r.next()) {
          GroundTruth g = GroundTruth.of(Example.parseFrom(rec));
          var line = json.createObjectNode().put("image_id", g.sourceId());
          var boxes = line.putArray("boxes");
          for (int i = 0; i < g.boxes().length; i++) {
            var b = boxes.addArray();
            for (float v : g.boxes()[i]) {
              b.add(v);
            }
            line.withArray("scores").add(0.9);
            line.withArray("classes").add(g.classes()[i]);
          }
          s.append(json.writeValueAsString(line)).append('\n');
        }
      }
    }
    detections = tmp.resolve("detections.jsonl");
    Files.writeString(detections, s.toString());
  }

  /** The reference config with our records, a label map of its classes, and no fine-tuning checkpoint. */
  private static Path userConfig(String name, int numClasses) throws Exception {
    String pets = LabelMap.pets().toPbtxt();
    StringBuilder map = new StringBuilder();
    for (String item : pets.split("(?=item \\{)")) {
      java.util.regex.Matcher id = java.util.regex.Pattern.compile("id: (\\d+)").matcher(item);
      if (id.find() && Integer.parseInt(id.group(1)) <= numClasses) {
        map.append(item);
      }
    }
    Path labelMap = tmp.resolve(name + ".pbtxt");
    Files.writeString(labelMap, map.toString());
    String text = Files.readString(Path.of("..", "model", "src", "test", "resources", "reference-configs", name))
        .replace("@TRAIN_INPUT@", records.resolve("pet_faces_train.record-*").toString())
        .replace("@EVAL_INPUT@", records.resolve("pet_faces_val.record-*").toString())
        .replace("@LABEL_MAP@", labelMap.toString())
        .replace("  fine_tune_checkpoint: \"@FINE_TUNE_CHECKPOINT@\"", "  # fine_tune_checkpoint: \"model.ckpt\"");
    assertTrue(text.contains("# fine_tune_checkpoint") && text.contains("num_classes: " + numClasses));
    Path p = tmp.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  @ParameterizedTest
  @CsvSource({"faster_rcnn_resnet152_pets_2017.config, 37, 61356982",
      "faster_rcnn_resnet101_voc07.config, 20, 45580129",
      "faster_rcnn_resnet101_kitti.config, 2, 45487879"})
  void aReferenceConfigDryRunsAndEvaluates(String name, int numClasses, long parameters) throws Exception {
    Path config = userConfig(name, numClasses);
    Cli.Run train = Cli.run("train", "--pipeline_config_path", config.toString(), "--dry_run");
    assertEquals(0, train.exit(), train.err());
    List<String> lines = train.out().strip().lines().toList();
    assertEquals("parameters: " + parameters, lines.get(lines.size() - 1), train.out());
    Path evalDir = tmp.resolve("eval-" + name);
    Cli.Run eval = Cli.run("eval", "--pipeline_config_path", config.toString(), "--eval_dir", evalDir.toString(),
        "--detections_file", detections.toString());
    assertEquals(0, eval.exit(), eval.err());
    assertTrue(Files.exists(evalDir.resolve("metrics.json")), eval.out());
  }
}
