package io.sparkrcnn.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.io.labelmap.LabelMap;
import io.sparkrcnn.jobs.testing.Cli;
import io.sparkrcnn.jobs.testing.EventFiles;
import io.sparkrcnn.jobs.testing.ShippedConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;

/**
 * {@code train} on local records: checkpoints, TensorBoard events and resume in one train dir, then what another
 * model makes of that train dir: a mismatch refused, fine-tuning from its checkpoint, a foreign checkpoint refused.
 */
class TrainCommandResumeTest {
  @TempDir Path tmp;

  @Test
  void trainingCheckpointsAndResumesFromTheLatestCheckpoint() throws Exception {
    Path records = Cli.syntheticRecords(tmp, 3, 6, "96x72");
    Path config = ShippedConfigs.write("tiny_pets.config", records.toString(), tmp.resolve("tiny.config"));
    Path trainDir = tmp.resolve("train");
    Cli.Run first = Cli.run("train", "--pipeline_config_path", config.toString(), "--train_dir", trainDir.toString(),
        "--num_train_steps", "2", "--log_every_n_steps", "1", "--averaging_frequency", "1");
    assertEquals(0, first.exit(), first.err());
    assertTrue(first.out().contains("step 2/2"), first.out());
    assertTrue(Files.exists(trainDir.resolve("model.ckpt-2")));
    assertTrue(Files.readString(trainDir.resolve("pipeline.config")).contains(records.toString()));
    Cli.Run second = Cli.run("train", "--pipeline_config_path", config.toString(), "--train_dir", trainDir.toString(),
        "--num_train_steps", "3", "--log_every_n_steps", "1", "--averaging_frequency", "1");
    assertEquals(0, second.exit(), second.err());
    assertTrue(second.out().contains("resuming from") && second.out().contains("(step 2)"), second.out());
    assertTrue(second.out().contains("step 3/3") && !second.out().contains("step 1/3"), second.out());
    assertTrue(Files.readString(trainDir.resolve("checkpoint")).startsWith("model_checkpoint_path: \"model.ckpt-3\""));

    // TensorBoard event files, one per run, read back by TensorFlow's own TFRecord reader
    List<Path> eventFiles;
    try (var files = Files.list(trainDir)) {
      eventFiles = files.filter(f -> EventFiles.isEventFile(f.getFileName().toString())).sorted().toList();
    }
    assertEquals(2, eventFiles.size(), eventFiles.toString());
    List<Event> events = new ArrayList<>();
    for (Path f : eventFiles) {
      events.addAll(EventFiles.read(f));
    }
    assertEquals(List.of(1L, 2L, 3L), events.stream().map(Event::getStep).toList());
    Map<String, Float> tags = EventFiles.scalars(events.get(2));
    assertTrue(tags.keySet().containsAll(List.of("Losses/TotalLoss", "Losses/Loss/RPNLoss/objectness_loss",
        "Losses/Loss/RPNLoss/localization_loss", "Losses/Loss/BoxClassifierLoss/classification_loss",
        "Losses/Loss/BoxClassifierLoss/localization_loss", "LearningRate", "images/sec")), tags.toString());
    assertEquals(0.01f, tags.get("LearningRate"), 1e-7f);

    // the same train_dir with another model is one error line, and so is evaluating it with that config
    Path other = tmp.resolve("other.config");
    StringBuilder five = new StringBuilder(); // a 5-class model has a 5-class label map
    for (int id = 1; id <= 5; id++) {
      five.append("item {\n  id: ").append(id).append("\n  name: '")
          .append(LabelMap.PETS_CLASSES.get(id - 1)).append("'\n}\n");
    }
    Path map5 = Files.writeString(tmp.resolve("five.pbtxt"), five.toString());
    Files.writeString(other, Files.readString(config).replace("num_classes: 37", "num_classes: 5")
        .replace(records.resolve("pet_label_map.pbtxt").toString(), map5.toString()));
    Cli.Run mismatch = Cli.run("train", "--pipeline_config_path", other.toString(), "--train_dir", trainDir.toString(),
        "--num_train_steps", "4");
    assertEquals(2, mismatch.exit(), mismatch.err());
    assertTrue(mismatch.err().contains("37 classes") && mismatch.err().contains("5 classes"), mismatch.err());
    assertTrue(Files.readString(trainDir.resolve("pipeline.config")).contains("num_classes: 37"), "config kept");
    Cli.Run evalOther = Cli.run("eval", "--pipeline_config_path", other.toString(), "--checkpoint_dir",
        trainDir.toString(), "--eval_dir", tmp.resolve("eval").toString());
    Cli.assertRefusedInOneLine(evalOther);

    // fine-tuning a 5-class model from this 37-class checkpoint (from_detection_checkpoint) in a new train_dir
    String fineTune = "train_config: {\n  fine_tune_checkpoint: \"" + trainDir.resolve("model.ckpt-3") + "\"\n";
    Path tuned = tmp.resolve("tuned.config");
    Files.writeString(tuned, Files.readString(other).replace("train_config: {\n",
        fineTune + "  from_detection_checkpoint: true\n  load_all_detection_checkpoint_vars: true\n"));
    Cli.Run tune = Cli.run("train", "--pipeline_config_path", tuned.toString(), "--train_dir",
        tmp.resolve("train5").toString(), "--num_train_steps", "1");
    assertEquals(0, tune.exit(), tune.err());
    assertTrue(tune.out().matches("(?s).*fine-tuning from .*model\\.ckpt-3: \\d+ parameter arrays restored, 4"
        + " initialised afresh.*"), tune.out());
    // without from_detection_checkpoint the reference reads a classification checkpoint: the feature extractor only
    Path classification = tmp.resolve("classification.config");
    Files.writeString(classification, Files.readString(other).replace("train_config: {\n", fineTune));
    Cli.Run backbone = Cli.run("train", "--pipeline_config_path", classification.toString(), "--train_dir",
        tmp.resolve("train6").toString(), "--num_train_steps", "1");
    assertEquals(0, backbone.exit(), backbone.err());
    assertTrue(backbone.out().contains(": 40 parameter arrays restored, 0 initialised afresh, 14 excluded"
        + " (classification: the feature extractor of a detection checkpoint)"), backbone.out());
    Path tfCheckpoint = Files.writeString(tmp.resolve("model.ckpt"), "not a DL4J zip");
    Files.writeString(tuned, Files.readString(tuned).replace(trainDir.resolve("model.ckpt-3").toString(),
        tfCheckpoint.toString()));
    Cli.Run foreign = Cli.run("train", "--pipeline_config_path", tuned.toString(), "--train_dir",
        tmp.resolve("train7").toString(), "--num_train_steps", "1");
    Cli.assertRefusedInOneLine(foreign, "is not a SparkRCNN model.ckpt-N");
    double parts = tags.get("Losses/Loss/RPNLoss/objectness_loss") + tags.get("Losses/Loss/RPNLoss/localization_loss")
        + tags.get("Losses/Loss/BoxClassifierLoss/classification_loss")
        + tags.get("Losses/Loss/BoxClassifierLoss/localization_loss");
    assertEquals(tags.get("Losses/TotalLoss"), parts, 1e-3 * Math.max(1, parts), "the four losses add up");
  }
}
