package io.sparkrcnn.jobs.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkrcnn.conversion.report.ConversionReport;
import io.sparkrcnn.jobs.testing.Cli;
import io.sparkrcnn.jobs.testing.ShippedConfigs;
import io.sparkrcnn.model.checkpoint.Checkpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fat jar on a MiniYARNCluster (two NodeManagers, HDFS from a MiniDFSCluster) through spark-submit, set up as a
 * YARN user sets it up. Cluster mode: convert → train (2 workers in 2 executor containers, parameters averaged
 * across the JVMs) → eval → export each end SUCCEEDED in one attempt with spark-submit exiting 0 (a {@code
 * System.exit(0)} in main ends them FAILED, exit 16, and starts a second attempt); a user error ends FAILED in one
 * attempt, spark-submit non-zero, the driver's log holding one error line. Client mode: convert SUCCEEDED. An
 * executor JVM killed with SIGKILL mid-training: the run still ends SUCCEEDED with whole checkpoints. The
 * NodeManagers run inside this JVM, so one cannot be SIGKILLed alone; killing its executor container's JVM is what
 * the driver sees when a NodeManager's host dies (the executor's connection drops, its container is reported lost).
 */
@Tag("slow")
class YarnClusterIT {
  @TempDir static Path tmp;
  static MiniYarnOnHdfs cluster;
  static YarnSubmissions submit;
  static String root;
  /** The shipped tiny config on HDFS, reading the shards converted in-process into {@code root/records}. */
  static String config;

  @BeforeAll
  static void clusterAndData() throws Exception {
    cluster = MiniYarnOnHdfs.start(tmp, "YarnClusterIT");
    submit = new YarnSubmissions(cluster, cluster.logs());
    root = cluster.hdfs.getUri().toString();
    // a synthetic Pets folder (3 classes, 4 images each, 96x72: 6 examples listed, 4 train) on HDFS
    Path pets = tmp.resolve("pets");
    assertEquals(0, Cli.run("synth", "--output_dir", pets.toString(), "--num_classes", "3", "--images_per_class",
        "4", "--image_size", "96x72").exit());
    cluster.hdfs.copyFromLocalFile(new org.apache.hadoop.fs.Path(pets.toUri()),
        new org.apache.hadoop.fs.Path(root + "/pets"));
    Cli.Run convert = Cli.run("convert", "--data_dir", root + "/pets", "--output_dir", root + "/records");
    assertEquals(0, convert.exit(), convert.err());
    config = tinyConfig(root + "/records", root + "/tiny.config");
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** The shipped tiny config on HDFS, reading {@code records}, 2 images a batch (4 train records, 2 workers). */
  static String tinyConfig(String records, String hdfsFile) throws Exception {
    return cluster.write(hdfsFile, ShippedConfigs.text("tiny_pets.config", records)
        .replace("  batch_size: 4\n", "  batch_size: 2\n"));
  }

  static void assertSucceededOnce(YarnSubmissions.Outcome o) {
    assertEquals(YarnApplicationState.FINISHED, o.app().getYarnApplicationState(), o.describe());
    assertEquals(FinalApplicationStatus.SUCCEEDED, o.app().getFinalApplicationStatus(), o.describe());
    assertEquals(1, o.attempts(), o.describe());
    assertEquals(0, o.exit(), o.describe());
  }

  @Test
  void convertTrainEvalExportInClusterModeEachSucceedInOneAttempt() throws Exception {
    String dir = root + "/pipeline";
    YarnSubmissions.Outcome convert = submit.run("convert", "cluster", "convert", "--data_dir", root + "/pets",
        "--output_dir", dir + "/records");
    assertSucceededOnce(convert);
    assertEquals(6, ConversionReport.fromJson(cluster.read(dir + "/records/conversion_report.json"))
        .recordsWritten());
    String pipeline = tinyConfig(dir + "/records", dir + "/tiny.config");

    YarnSubmissions.Outcome train = submit.run("train", "cluster", "train", "--pipeline_config_path", pipeline,
        "--train_dir", dir + "/train", "--num_workers", "2", "--num_train_steps", "2", "--averaging_frequency", "1");
    assertSucceededOnce(train);
    assertTrue(cluster.exists(dir + "/train/model.ckpt-2"), train.describe());
    assertTrue(submit.amLog(train.appId(), "stdout").contains("2 workers x batch 2"), train.describe());
    // the two workers' tasks ran in the two executor containers, each its own JVM
    List<Path> executorLogs = cluster.containerLogs(train.appId(), "stderr").stream()
        .filter(p -> !p.getParent().getFileName().toString().endsWith("_000001")).toList();
    assertEquals(2, executorLogs.size(), executorLogs.toString());
    for (Path log : executorLogs) {
      assertTrue(Files.readString(log).contains("Running task"), log.toString());
    }

    YarnSubmissions.Outcome eval = submit.run("eval", "cluster", "eval", "--pipeline_config_path", pipeline,
        "--checkpoint_dir", dir + "/train", "--eval_dir", dir + "/eval");
    assertSucceededOnce(eval);
    JsonNode metrics = new ObjectMapper().readTree(cluster.read(dir + "/eval/metrics.json"));
    double map = metrics.path("DetectionBoxes_Precision/mAP").asDouble(-1);
    assertTrue(map >= 0 && map <= 1, metrics.toString());

    // --skip_eval: export itself needs no Spark; SparkRcnn.main makes the context YARN's AM waits for (without it
    // the AM fails the run: "User did not initialize spark context!", exit 13)
    YarnSubmissions.Outcome export = submit.run("export", "cluster", "export", "--pipeline_config_path", pipeline,
        "--checkpoint_dir", dir + "/train", "--output_directory", dir + "/export", "--skip_eval");
    assertSucceededOnce(export);
    for (String f : List.of("frozen_inference_graph.pb", "saved_model/saved_model.pb", "model.dl4j.zip",
        "export_report.json")) {
      assertTrue(cluster.exists(dir + "/export/" + f), f);
    }
  }

  @Test
  void aUserErrorInClusterModeFailsInOneAttemptWithOneErrorLineInTheDriverLog() throws Exception {
    String taken = cluster.write(root + "/taken/someone-elses.txt", "x").replace("/someone-elses.txt", "");
    YarnSubmissions.Outcome o = submit.run("refused", "cluster", "convert", "--data_dir", root + "/pets",
        "--output_dir", taken);
    assertEquals(FinalApplicationStatus.FAILED, o.app().getFinalApplicationStatus(), o.describe());
    assertEquals(1, o.attempts(), o.describe());
    // spark-submit waits for the application (spark.yarn.submit.waitAppCompletion) and fails with it, status 1
    assertEquals(1, o.exit(), o.describe());
    assertTrue(o.log().contains(o.appId() + " finished with failed status"), o.describe());
    List<String> errors = submit.amLog(o.appId(), "stderr").lines()
        .filter(l -> l.startsWith("sparkrcnn convert: error:")).toList();
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).contains(taken) && errors.get(0).contains("--output_dir"), errors.get(0));
    assertTrue(cluster.exists(taken + "/someone-elses.txt"));
  }

  @Test
  void convertInClientModeSucceeds() throws Exception {
    YarnSubmissions.Outcome o = submit.run("client-convert", "client", "convert", "--data_dir", root + "/pets",
        "--output_dir", root + "/client/records", "--num_shards", "2");
    assertSucceededOnce(o);
    assertTrue(o.log().contains("skipped 0 of 6 listed examples"), o.log());
    assertEquals(6, ConversionReport.fromJson(cluster.read(root + "/client/records/conversion_report.json"))
        .recordsWritten());
  }

  @Test
  void anExecutorJvmKilledMidTrainingIsReplacedAndTheRunEndsWithWholeCheckpoints() throws Exception {
    String dir = root + "/killed";
    YarnSubmissions.Started s = submit.start("train-killed", "cluster", "train", "--pipeline_config_path", config,
        "--train_dir", dir, "--num_workers", "2", "--num_train_steps", "10", "--averaging_frequency", "1",
        "--save_checkpoints_steps", "2", "--keep_checkpoint_max", "2");
    YarnSubmissions.Outcome o;
    String appId;
    try {
      appId = submit.await(s.tag(), EnumSet.of(YarnApplicationState.RUNNING), 120).getApplicationId()
          .toString();
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
      while (!cluster.exists(dir + "/model.ckpt-2")) {
        assertTrue(s.process().isAlive() && System.nanoTime() < deadline, "no model.ckpt-2 while training");
        Thread.sleep(200);
      }
      List<ProcessHandle> executors = cluster.executorJvms(appId);
      assertEquals(2, executors.size(), executors.toString());
      ProcessHandle killed = executors.get(0);
      killed.destroyForcibly(); // SIGKILL
      killed.onExit().get(30, TimeUnit.SECONDS);
      assertFalse(cluster.exists(dir + "/model.ckpt-10"), "the executor was killed before training ended");
      o = submit.finish(s, 8);
    } finally {
      s.process().destroyForcibly(); // when an assertion above failed
    }
    assertSucceededOnce(o);
    String driver = submit.amLog(appId, "stderr");
    // the driver saw the container go (SIGKILL: exit 137) and ran the lost task again
    assertTrue(driver.contains("Lost executor") && driver.contains("Exit status: 137"), o.describe());
    // the final checkpoint is there and each one the index keeps loads, at its step
    Checkpoints checkpoints = new Checkpoints(cluster.hdfs, new org.apache.hadoop.fs.Path(dir), 2);
    assertEquals("model.ckpt-10", checkpoints.latest().getName());
    Matcher kept = Pattern.compile("all_model_checkpoint_paths: \"(model\\.ckpt-(\\d+))\"")
        .matcher(cluster.read(dir + "/checkpoint"));
    int keptCount = 0;
    while (kept.find()) {
      keptCount++;
      long step = Long.parseLong(kept.group(2));
      assertEquals(step, checkpoints.load(new org.apache.hadoop.fs.Path(dir, kept.group(1))).getIterationCount());
    }
    assertEquals(2, keptCount, cluster.read(dir + "/checkpoint"));
  }
}
