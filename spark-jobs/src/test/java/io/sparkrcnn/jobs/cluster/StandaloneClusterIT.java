package io.sparkrcnn.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkrcnn.jobs.testing.Cli;
import io.sparkrcnn.jobs.testing.ShippedConfigs;
import io.sparkrcnn.model.checkpoint.Checkpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jobs on a multi-process Spark standalone cluster (a Master and two Worker JVMs from standalone-cluster.sh,
 * executors in JVMs of their own) through submit-scripts/sparkrcnn, on a MiniDFSCluster: the pipeline with training
 * averaged across two executor JVMs, a killed driver's rerun resuming, cluster deploy mode's exit status, and a
 * Worker killed mid-training. The Worker is killed last: the tests before it need both.
 */
@Tag("slow")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {
  private static final Pattern RESUMED = Pattern.compile("resuming from \\S+/model\\.ckpt-\\d+ \\(step (\\d+)\\)");
  @TempDir static Path tmp;
  static MiniDFSCluster dfs;
  static FileSystem hdfs;
  static String root;
  static StandaloneCluster cluster;
  static Path pets;
  static String config;

  @BeforeAll
  static void clusterAndRecords() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("dfs").toString());
    dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    dfs.waitActive();
    hdfs = dfs.getFileSystem();
    root = hdfs.getUri().toString();
    cluster = StandaloneCluster.start(tmp.resolve("cluster"), 2, "1g");
    pets = tmp.resolve("pets");
    assertEquals(0, Cli.run("synth", "--output_dir", pets.toString(), "--num_classes", "3", "--images_per_class",
        "12", "--image_size", "128x96").exit());
    Path log = tmp.resolve("convert.log");
    assertEquals(0, submit(log, "convert", "--data_dir", pets.toString(), "--output_dir", root + "/records"),
        Files.readString(log));
    config = ShippedConfigs.write("tiny_pets.config", root + "/records", tmp.resolve("tiny.config")).toString();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      if (dfs != null) {
        dfs.shutdown();
      }
    }
  }

  private static int submit(Path log, String... args) throws Exception {
    return Launcher.run(log, 6, cluster.masterUrl, args);
  }

  private static String[] train(String dir, int steps) {
    return new String[] {"train", "--pipeline_config_path", config, "--train_dir", root + dir, "--num_workers", "2",
        "--num_train_steps", String.valueOf(steps), "--averaging_frequency", "2", "--save_checkpoints_steps", "2"};
  }

  @Test
  @Order(0)
  void aSecondStartOnTheSameFolderOrPortIsRefusedInOneLine() throws Exception {
    String port = cluster.masterUrl.substring(cluster.masterUrl.lastIndexOf(':') + 1);
    for (String[] again : List.of(new String[] {"--dir", cluster.dir.toString()},
        new String[] {"--dir", tmp.resolve("other").toString(), "--port", port})) {
      Path out = tmp.resolve("again.log");
      List<String> args = new ArrayList<>(List.of("start", "--workers", "1", "--webui-port",
          String.valueOf(StandaloneCluster.freePort())));
      args.addAll(List.of(again));
      assertEquals(2, StandaloneCluster.script(out, args.toArray(String[]::new)));
      List<String> lines = Files.readAllLines(out);
      assertEquals(1, lines.size(), lines.toString());
      assertTrue(lines.get(0).matches("standalone-cluster: (a cluster already runs in|port " + port + ").*"),
          lines.get(0));
    }
    assertEquals(2, cluster.master().get("aliveworkers").asInt(), "the running cluster is untouched");
  }

  @Test
  @Order(1)
  void trainsAcrossTwoExecutorJvmsResumesAfterTheDriverIsKilledThenEvalsAndExports() throws Exception {
    Path firstLog = tmp.resolve("train-1.log");
    Process first = Launcher.start(firstLog, cluster.masterUrl, train("/train", 6));
    Launcher.awaitLine(firstLog, first, "saved " + root + "/train/model.ckpt-2", Duration.ofMinutes(5));
    first.destroyForcibly(); // SIGKILL: the launcher exec'd the driver JVM
    assertEquals(137, first.waitFor(), "the driver died of SIGKILL");

    Path log = tmp.resolve("train-2.log");
    assertEquals(0, submit(log, train("/train", 6)), Files.readString(log));
    String text = Files.readString(log);
    Matcher resumed = RESUMED.matcher(text);
    assertTrue(resumed.find() && Integer.parseInt(resumed.group(1)) >= 2, "the rerun resumed:\n" + text);
    assertTrue(text.contains("finished at step 6"), text);

    String app = cluster.newestApp("sparkrcnn-train");
    Map<String, Long> executors = cluster.executorPids(app);
    assertEquals(2, executors.size(), executors.toString());
    assertEquals(2, new HashSet<>(executors.values()).size(), "two executor JVMs: " + executors);
    assertEquals(2, executors.keySet().stream().map(e -> e.split("/")[0]).distinct().count(), "on two Workers");
    for (String executor : executors.keySet()) {
      assertTrue(cluster.executorLog(app, executor).contains("Running task"), executor + " trained");
    }

    log = tmp.resolve("eval.log");
    assertEquals(0, submit(log, "eval", "--pipeline_config_path", config, "--checkpoint_dir", root + "/train",
        "--eval_dir", root + "/eval"), Files.readString(log));
    JsonNode metrics = new ObjectMapper().readTree(
        hdfs.open(new org.apache.hadoop.fs.Path(root + "/eval/metrics.json")));
    double map = metrics.get("PascalBoxes_Precision/mAP@0.5IOU").asDouble(-1);
    assertTrue(map >= 0 && map <= 1, metrics.toString());

    log = tmp.resolve("export.log");
    assertEquals(0, submit(log, "export", "--pipeline_config_path", config, "--checkpoint_dir", root + "/train",
        "--output_directory", root + "/export", "--skip_eval"), Files.readString(log));
    for (String f : new String[] {"frozen_inference_graph.pb", "saved_model/saved_model.pb", "model.dl4j.zip",
        "export_report.json"}) {
      assertTrue(hdfs.getFileStatus(new org.apache.hadoop.fs.Path(root + "/export/" + f)).getLen() > 0, f);
    }
  }

  @Test
  @Order(2)
  void clusterDeployModeExitsZeroWhenTheDriverSucceedsAndNonZeroWhenItFails() throws Exception {
    Path log = tmp.resolve("cluster-convert.log");
    assertEquals(0, submit(log, "--deploy-mode", "cluster", "convert", "--data_dir", pets.toString(),
        "--output_dir", root + "/records-cluster"), Files.readString(log));
    assertTrue(hdfs.exists(new org.apache.hadoop.fs.Path(root + "/records-cluster/conversion_report.json")));

    log = tmp.resolve("cluster-missing.log");
    assertEquals(1, submit(log, "--deploy-mode", "cluster", "convert", "--data_dir", root + "/missing",
        "--output_dir", root + "/records-missing"), Files.readString(log));
    assertTrue(Files.readString(log).matches("(?s).*sparkrcnn: driver driver-\\S+ ended FAILED.*"),
        Files.readString(log));
  }

  @Test
  @Order(3)
  void aWorkerKilledMidTrainingLeavesTheRunToTheOtherWithWholeCheckpoints() throws Exception {
    Path log = tmp.resolve("train-worker-lost.log");
    Process p = Launcher.start(log, cluster.masterUrl, train("/train-worker-lost", 8));
    Launcher.awaitLine(log, p, "saved " + root + "/train-worker-lost/model.ckpt-2", Duration.ofMinutes(5));
    cluster.killWorker(2);
    assertTrue(p.waitFor(6, java.util.concurrent.TimeUnit.MINUTES), "the run ended");
    assertEquals(0, p.exitValue(), Files.readString(log));
    String text = Files.readString(log);
    assertTrue(text.contains("finished at step 8"), text);
    assertTrue(text.matches("(?s).*Lost executor \\d+ on 127\\.0\\.0\\.1: worker lost.*"),
        "the driver lost the Worker's executor mid-run: " + text);
    assertEquals(1, cluster.master().get("aliveworkers").asInt(), "one Worker was lost");

    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(root + "/train-worker-lost");
    Checkpoints checkpoints = new Checkpoints(hdfs, dir, 5);
    assertEquals("model.ckpt-8", checkpoints.latest().getName());
    int seen = 0;
    for (FileStatus f : hdfs.listStatus(dir, path -> path.getName().startsWith(Checkpoints.PREFIX))) {
      assertEquals(Checkpoints.stepOf(f.getPath()), checkpoints.load(f.getPath()).getIterationCount(),
          f.getPath() + " loads whole at its step");
      seen++;
    }
    assertEquals(4, seen, "model.ckpt-2, 4, 6 and 8");
  }
}
