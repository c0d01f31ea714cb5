package io.sparkrcnn.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkrcnn.jobs.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The learning test, end to end through the command line as the demo runs it: synth → convert → train the tiny
 * Faster R-CNN with the shipped tiny_pets.config → eval the checkpoint; val mAP@0.5 must reach 0.5 → export it
 * and run the exported graphs in TensorFlow on the val images ({@link TrainedDetectorExport}).
 */
class TinyLearnsSynthTest {
  @TempDir Path tmp;

  @Test
  void tinyReachesHalfMapOnASynthValidationSet() throws Exception {
    Path data = tmp.resolve("pets");
    Path records = tmp.resolve("records");
    assertEquals(0, Cli.run("synth", "--output_dir", data.toString(), "--num_classes", "6", "--images_per_class",
        "200", "--image_size", "160x120").exit());
    assertEquals(0, Cli.run("convert", "--data_dir", data.toString(), "--output_dir", records.toString(),
        "--num_shards", "10").exit());
    String text = Files.readString(Path.of("..", "cluster-configs", "pipelines", "tiny_pets.config"))
        .replace("PATH_TO_BE_CONFIGURED", records.toString());
    Path config = tmp.resolve("tiny.config");
    Files.writeString(config, text);
    Path trainDir = tmp.resolve("train");
    Cli.Run train = Cli.run("train", "--pipeline_config_path", config.toString(), "--train_dir", trainDir.toString(),
        "--log_every_n_steps", "100");
    assertEquals(0, train.exit(), train.err());
    System.out.println(train.out());
    String index = Files.readString(trainDir.resolve("checkpoint"));
    assertTrue(index.startsWith("model_checkpoint_path: \"model.ckpt-"), index);
    assertTrue(Files.exists(trainDir.resolve("pipeline.config")));
    Path evalDir = tmp.resolve("eval");
    Cli.Run eval = Cli.run("eval", "--pipeline_config_path", config.toString(), "--checkpoint_dir",
        trainDir.toString(), "--eval_dir", evalDir.toString());
    assertEquals(0, eval.exit(), eval.err());
    System.out.println(eval.out());
    JsonNode metrics = new ObjectMapper().readTree(evalDir.resolve("metrics.json").toFile());
    double map = metrics.get("PascalBoxes_Precision/mAP@0.5IOU").asDouble();
    assertTrue(metrics.has("DetectionBoxes_Precision/mAP"));
    assertTrue(metrics.has("PascalBoxes_PerformanceByCategory/AP@0.5IOU/Abyssinian"));
    assertTrue(map >= 0.5, "val mAP@0.5 " + map);
    TrainedDetectorExport.check(config, trainDir, records, tmp.resolve("export"));
  }
}
