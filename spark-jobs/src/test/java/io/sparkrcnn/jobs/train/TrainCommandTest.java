package io.sparkrcnn.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.jobs.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --dry_run} on the shipped configs as a new user fills them in, and the errors users can cause. */
class TrainCommandTest {
  @TempDir Path tmp;

  private Path userConfig(String shipped, String edit) throws Exception {
    String text = Files.readString(Path.of("..", "cluster-configs", "pipelines", shipped))
        .replace("PATH_TO_BE_CONFIGURED", "hdfs://namenode:8020/user/alice/pets/records");
    Path p = tmp.resolve("pipeline.config");
    Files.writeString(p, edit == null ? text : text.replace("train_config: {", "train_config: {\n" + edit));
    return p;
  }

  @Test
  void aResNet152PetsConfigPassesTheDryRunWithAPlausibleParameterCount() throws Exception {
    Cli.Run r = Cli.run("train", "--pipeline_config_path", userConfig("faster_rcnn_resnet152_pets.config", null).toString(),
        "--dry_run");
    assertEquals(0, r.exit(), r.err());
    List<String> lines = r.out().strip().lines().toList();
    String last = lines.get(lines.size() - 1);
    assertTrue(last.matches("parameters: \\d+"), last);
    long n = Long.parseLong(last.substring("parameters: ".length()));
    // ResNet-152 to block 3 (~43 M with batch-norm statistics) + RPN (~4.7 M) + box head (~13 M)
    assertTrue(n > 55_000_000 && n < 75_000_000, last);
    assertTrue(r.out().contains("feature extractor faster_rcnn_resnet152"), r.out());
  }

  @Test
  void theTinyConfigIsSmall() throws Exception {
    Cli.Run r = Cli.run("train", "--pipeline_config_path", userConfig("tiny_pets.config", null).toString(), "--dry_run");
    assertEquals(0, r.exit(), r.err());
    long n = Long.parseLong(r.out().strip().lines().reduce((a, b) -> b).orElseThrow().replace("parameters: ", ""));
    assertTrue(n > 100_000 && n < 2_000_000, "tiny parameters: " + n);
  }

  @Test
  void anUnknownFieldIsRefusedByNameOnOneLine() throws Exception {
    Cli.Run r = Cli.run("train", "--pipeline_config_path",
        userConfig("faster_rcnn_resnet152_pets.config", "  num_stepz: 200000").toString(), "--dry_run");
    assertEquals(2, r.exit());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("num_stepz"), r.err());
  }

  @Test
  void anOptimizerWeCannotHonourIsRefusedByName() throws Exception {
    String text = Files.readString(userConfig("tiny_pets.config", null)).replace("use_moving_average: false",
        "use_moving_average: true");
    Path p = tmp.resolve("moving.config");
    Files.writeString(p, text);
    Cli.Run r = Cli.run("train", "--pipeline_config_path", p.toString(), "--dry_run");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("use_moving_average"), r.err());
  }

  @Test
  void trainingNeedsRealInputPaths() throws Exception {
    Path p = tmp.resolve("unconfigured.config");
    Files.copy(Path.of("..", "cluster-configs", "pipelines", "tiny_pets.config"), p);
    Cli.Run r = Cli.run("train", "--pipeline_config_path", p.toString(), "--train_dir", tmp.resolve("t").toString());
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("PATH_TO_BE_CONFIGURED"), r.err());
  }

  private Path tinyConfigOn(Path records) throws Exception {
    Path p = tmp.resolve("tiny-" + records.getFileName() + ".config");
    Files.writeString(p, Files.readString(Path.of("..", "cluster-configs", "pipelines", "tiny_pets.config"))
        .replace("PATH_TO_BE_CONFIGURED", records.toString()));
    return p;
  }

  private static void assertOneLine(Cli.Run r, String... parts) {
    assertEquals(2, r.exit(), r.out() + r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    for (String part : parts) {
      assertTrue(r.err().contains(part), r.err());
    }
  }

  @Test
  void missingOrEmptyShardsAndAnUnusableDeviceAreOneLineBeforeTraining() throws Exception {
    Path none = Files.createDirectories(tmp.resolve("none"));
    Path trainDir = tmp.resolve("never");
    assertOneLine(Cli.run("train", "--pipeline_config_path", tinyConfigOn(none).toString(), "--train_dir",
        trainDir.toString(), "--num_workers", "2"), "train_input_reader", "pet_faces_train.record-?????-of-00010",
        "convert");
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    for (int i = 0; i < 10; i++) {
      Files.write(empty.resolve(String.format("pet_faces_train.record-%05d-of-00010", i)), new byte[0]);
    }
    assertOneLine(Cli.run("train", "--pipeline_config_path", tinyConfigOn(empty).toString(), "--train_dir",
        trainDir.toString()), "hold no records");
    assertOneLine(Cli.run("train", "--pipeline_config_path", tinyConfigOn(empty).toString(), "--train_dir",
        trainDir.toString(), "--device", "gpu"), "--device gpu", "CPU", "-Pcuda");
    assertOneLine(Cli.run("train", "--pipeline_config_path", tinyConfigOn(empty).toString(), "--train_dir",
        trainDir.toString(), "--num_workers", "0"), "--num_workers");
    System.setProperty("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    try {
      assertOneLine(Cli.run("train", "--pipeline_config_path", tinyConfigOn(empty).toString(), "--train_dir",
          trainDir.toString()), "spark.serializer", "JavaSerializer");
    } finally {
      System.clearProperty("spark.serializer");
    }
    assertTrue(!Files.exists(trainDir.resolve("pipeline.config")), "nothing written");
  }

  @Test
  void aLockedTrainDirIsRefusedAndADamagedCheckpointIsOneLineAfterLeftoversAreRemoved() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    for (int i = 0; i < 10; i++) {
      Files.write(empty.resolve(String.format("pet_faces_train.record-%05d-of-00010", i)), new byte[0]);
    }
    Path trainDir = Files.createDirectories(tmp.resolve("locked"));
    Path lock = trainDir.resolve("train.lock");
    Files.writeString(lock, "host: " + java.net.InetAddress.getLocalHost().getHostName() + "\npid: "
        + ProcessHandle.current().pid() + "\nstarted: 2026-01-01T00:00:00Z\ntoken: other\n");
    String[] train = {"train", "--pipeline_config_path", tinyConfigOn(empty).toString(), "--train_dir",
        trainDir.toString()};
    assertOneLine(Cli.run(train), "train.lock", "is held by another train", "pid " + ProcessHandle.current().pid());
    assertTrue(Files.exists(lock), "another run's lock is not removed");

    Files.delete(lock);
    String leftover = ".model.ckpt-3.0f0e1d2c-3b4a-5968-7766-554433221100.tmp";
    Files.writeString(trainDir.resolve(leftover), "half a checkpoint");
    Files.writeString(trainDir.resolve("model.ckpt-3"), "garbage");
    Cli.Run damaged = Cli.run(train);
    assertOneLine(damaged, "model.ckpt-3 is cut short or damaged", "no 'checkpoint' index");
    assertTrue(damaged.out().contains("files left by an interrupted run: removed " + leftover), damaged.out());
    assertTrue(!Files.exists(trainDir.resolve(leftover)), "removed");
    assertTrue(!Files.exists(lock), "released on failure");
  }

  @Test
  void trainingCheckpointsAndResumesFromTheLatestCheckpoint() throws Exception {
    Path records = Cli.syntheticRecords(tmp, 3, 6, "96x72");
    Path config = tmp.resolve("tiny.config");
    Files.writeString(config, Files.readString(Path.of("..", "cluster-configs", "pipelines", "tiny_pets.config"))
        .replace("PATH_TO_BE_CONFIGURED", records.toString()));
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
      eventFiles = files.filter(f -> f.getFileName().toString().startsWith("events.out.tfevents.")).sorted().toList();
    }
    assertEquals(2, eventFiles.size(), eventFiles.toString());
    List<org.tensorflow.util.Event> events = new java.util.ArrayList<>();
    for (Path f : eventFiles) {
      List<byte[]> read = io.sparkrcnn.io.testing.TensorFlowReader.records(f);
      assertEquals("brain.Event:2", org.tensorflow.util.Event.parseFrom(read.get(0)).getFileVersion());
      for (byte[] r : read.subList(1, read.size())) {
        events.add(org.tensorflow.util.Event.parseFrom(r));
      }
    }
    assertEquals(List.of(1L, 2L, 3L), events.stream().map(org.tensorflow.util.Event::getStep).toList());
    var tags = events.get(2).getSummary().getValueList().stream()
        .collect(java.util.stream.Collectors.toMap(v -> v.getTag(), v -> v.getSimpleValue()));
    assertTrue(tags.keySet().containsAll(List.of("Losses/TotalLoss", "Losses/Loss/RPNLoss/objectness_loss",
        "Losses/Loss/RPNLoss/localization_loss", "Losses/Loss/BoxClassifierLoss/classification_loss",
        "Losses/Loss/BoxClassifierLoss/localization_loss", "LearningRate", "images/sec")), tags.toString());
    assertEquals(0.01f, tags.get("LearningRate"), 1e-7f);

    // the same train_dir with another model is one error line, and so is evaluating it with that config
    Path other = tmp.resolve("other.config");
    StringBuilder five = new StringBuilder(); // a 5-class model has a 5-class label map
    for (int id = 1; id <= 5; id++) {
      five.append("item {\n  id: ").append(id).append("\n  name: '")
          .append(io.sparkrcnn.io.labelmap.LabelMap.PETS_CLASSES.get(id - 1)).append("'\n}\n");
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
    assertEquals(2, evalOther.exit(), evalOther.err());
    assertEquals(1, evalOther.err().strip().lines().count(), evalOther.err());

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
    assertEquals(2, foreign.exit(), foreign.err());
    assertEquals(1, foreign.err().strip().lines().count(), foreign.err());
    assertTrue(foreign.err().contains("is not a SparkRCNN model.ckpt-N"), foreign.err());
    double parts = tags.get("Losses/Loss/RPNLoss/objectness_loss") + tags.get("Losses/Loss/RPNLoss/localization_loss")
        + tags.get("Losses/Loss/BoxClassifierLoss/classification_loss")
        + tags.get("Losses/Loss/BoxClassifierLoss/localization_loss");
    assertEquals(tags.get("Losses/TotalLoss"), parts, 1e-3 * Math.max(1, parts), "the four losses add up");
  }
}
