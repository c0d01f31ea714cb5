package io.sparkrcnn.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.jobs.testing.Cli;
import io.sparkrcnn.jobs.testing.EventFiles;
import io.sparkrcnn.model.checkpoint.Checkpoints;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.detector.FasterRcnnGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.Event;

/**
 * {@code train} on the command line, in local mode with two workers, on shards in a MiniDFSCluster: checkpoints,
 * events and resume on HDFS, and fine-tuning that restores, excludes and freezes by scope.
 */
@Tag("slow")
class SparkTrainingCommandIT extends TinyShardsOnHdfs {
  private static List<Double> losses(String log) {
    List<Double> out = new ArrayList<>();
    Matcher m = Pattern.compile("step \\d+/\\d+  loss ([0-9.]+)").matcher(log);
    while (m.find()) {
      out.add(Double.parseDouble(m.group(1)));
    }
    return out;
  }

  private static String readOnHdfs(String path) throws Exception {
    try (var in = hdfs.open(new org.apache.hadoop.fs.Path(path))) {
      return new String(in.readAllBytes());
    }
  }

  /** The events of every event file in {@code dir} on HDFS, by step. */
  private static List<Event> events(String dir) throws Exception {
    List<Event> all = new ArrayList<>();
    for (var status : hdfs.listStatus(new org.apache.hadoop.fs.Path(dir))) {
      if (EventFiles.isEventFile(status.getPath().getName())) {
        Path local = tmp.resolve("events-" + System.nanoTime());
        hdfs.copyToLocalFile(status.getPath(), new org.apache.hadoop.fs.Path(local.toUri()));
        all.addAll(EventFiles.read(local));
      }
    }
    all.sort(Comparator.comparingLong(Event::getStep));
    return all;
  }

  @Test
  void twoWorkersTrainFromHdfsShardsCheckpointAndResume() throws Exception {
    String trainDir = root + "/train/two-workers";
    Cli.Run first = Cli.run("train", "--pipeline_config_path", config.toString(), "--train_dir", trainDir,
        "--num_workers", "2", "--num_train_steps", "6", "--averaging_frequency", "2", "--log_every_n_steps", "2",
        "--save_checkpoints_steps", "4");
    assertEquals(0, first.exit(), first.err());
    assertTrue(first.out().contains("2 workers x batch 4"), first.out());
    assertTrue(existsOnHdfs(trainDir + "/model.ckpt-4"));
    assertTrue(existsOnHdfs(trainDir + "/model.ckpt-6"));
    String index = readOnHdfs(trainDir + "/checkpoint");
    assertTrue(index.startsWith("model_checkpoint_path: \"model.ckpt-6\""), index);

    Cli.Run second = Cli.run("train", "--pipeline_config_path", config.toString(), "--train_dir", trainDir,
        "--num_workers", "2", "--num_train_steps", "24", "--averaging_frequency", "2", "--log_every_n_steps", "6",
        "--save_checkpoints_steps", "100");
    assertEquals(0, second.exit(), second.err());
    assertTrue(second.out().contains("resuming from") && second.out().contains("model.ckpt-6 (step 6)"), second.out());
    assertFalse(second.out().contains("step 2/24"), second.out());
    String index2 = readOnHdfs(trainDir + "/checkpoint");
    assertTrue(index2.startsWith("model_checkpoint_path: \"model.ckpt-24\""), index2);

    List<Event> events = events(trainDir);
    assertEquals(List.of(2L, 4L, 6L, 12L, 18L, 24L), events.stream().map(Event::getStep).toList());
    Map<String, Float> tags = EventFiles.scalars(events.get(5));
    assertTrue(tags.keySet().containsAll(List.of("Losses/TotalLoss", "Losses/Loss/RPNLoss/objectness_loss",
        "Losses/Loss/RPNLoss/localization_loss", "Losses/Loss/BoxClassifierLoss/classification_loss",
        "Losses/Loss/BoxClassifierLoss/localization_loss", "LearningRate", "images/sec", "global_step/sec")),
        tags.toString());
    assertEquals(0.01f, tags.get("LearningRate"), 1e-7f);

    List<Double> losses = new ArrayList<>(losses(first.out()));
    losses.addAll(losses(second.out()));
    assertEquals(6, losses.size(), first.out() + second.out());
    double early = losses.get(0);
    double late = losses.get(losses.size() - 1);
    assertTrue(late < 0.8 * early, "loss goes down: " + losses);
  }

  @Test
  void fineTuningOnSparkRestoresExcludesAndFreezesByScope() throws Exception {
    PipelineSettings settings = PipelineSettings.parse(Files.readString(config), config.toString());
    ComputationGraph source = FasterRcnnGraph.build(settings.model(), settings.train(), 7);
    Checkpoints sourceDir = new Checkpoints(hdfs, new org.apache.hadoop.fs.Path(root + "/train/source"), 5);
    String sourcePath = sourceDir.write(source, 0).toString();
    Path tuned = tmp.resolve("tuned.config");
    Files.writeString(tuned, Files.readString(config).replace("train_config: {\n", "train_config: {\n"
        + "  fine_tune_checkpoint: \"" + sourcePath + "\"\n  fine_tune_checkpoint_type: \"detection\"\n"
        + "  load_all_detection_checkpoint_vars: true\n"
        + "  freeze_variables: \"tiny/\"\n  freeze_variables: \"box_classifier_\"\n"));
    String trainDir = root + "/train/tuned";
    Cli.Run run = Cli.run("train", "--pipeline_config_path", tuned.toString(), "--train_dir", trainDir,
        "--num_workers", "2", "--num_train_steps", "4", "--averaging_frequency", "2",
        "--checkpoint_exclude_scopes", "box_classifier_");
    assertEquals(0, run.exit(), run.out() + run.err());
    assertTrue(run.out().contains("fine-tuning from"), run.out());

    var trained = new Checkpoints(hdfs, new org.apache.hadoop.fs.Path(trainDir), 5).load(
        new org.apache.hadoop.fs.Path(trainDir + "/model.ckpt-4")).paramTable();
    var fresh = FasterRcnnGraph.build(settings.model(), settings.train(), 1).paramTable();
    var from = source.paramTable();
    int frozenChecked = 0;
    int excludedChecked = 0;
    int trainedChecked = 0;
    for (var e : trained.entrySet()) {
      String name = e.getKey();
      if (name.endsWith("_mean") || name.endsWith("_var") || name.endsWith("_log10stdev")) {
        continue; // batch-norm statistics move with batch_norm_trainable, frozen or not
      }
      if (name.startsWith("tiny/")) {
        assertEquals(from.get(name), e.getValue(), name + ": restored and frozen");
        frozenChecked++;
      } else if (name.startsWith("box_classifier_")) {
        assertEquals(fresh.get(name), e.getValue(), name + ": excluded (fresh) and frozen");
        excludedChecked++;
      } else {
        assertFalse(from.get(name).equals(e.getValue()), name + ": restored, then trained");
        assertFalse(fresh.get(name).equals(e.getValue()), name + ": not a fresh initialisation");
        trainedChecked++;
      }
    }
    assertTrue(frozenChecked > 10 && excludedChecked >= 4 && trainedChecked >= 4,
        frozenChecked + " " + excludedChecked + " " + trainedChecked);
  }
}
