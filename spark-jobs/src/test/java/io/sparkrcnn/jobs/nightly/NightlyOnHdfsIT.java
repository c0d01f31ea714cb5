package io.sparkrcnn.jobs.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkrcnn.jobs.testing.Cli;
import io.sparkrcnn.jobs.testing.ShippedConfigs;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A nightly run whose work_dir and model_dir are on HDFS (a MiniDFSCluster): it publishes there, and switching
 * {@code current} to a later version is HDFS's rename with OVERWRITE, leaving the earlier version whole.
 */
@Tag("slow")
class NightlyOnHdfsIT {
  @TempDir static java.nio.file.Path tmp;
  private static MiniDFSCluster cluster;
  private static FileSystem hdfs;
  private static String root;

  @BeforeAll
  static void startHdfs() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("dfs").toString());
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
    hdfs = cluster.getFileSystem();
    root = hdfs.getUri().toString();
  }

  @AfterAll
  static void stopHdfs() {
    if (cluster != null) {
      cluster.shutdown();
      cluster = null;
    }
  }

  private static String read(String path) throws Exception {
    try (InputStream in = hdfs.open(new Path(path))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static List<String> names(String dir) throws Exception {
    return Arrays.stream(hdfs.listStatus(new Path(dir))).map(FileStatus::getPath).map(Path::getName).sorted()
        .toList();
  }

  @Test
  void aRunOnHdfsPublishesAndALaterVersionBecomesCurrentByOneRename() throws Exception {
    java.nio.file.Path pets = tmp.resolve("pets");
    assertEquals(0, Cli.run("synth", "--output_dir", pets.toString(), "--num_classes", "3", "--images_per_class",
        "12", "--image_size", "96x72").exit());
    String work = root + "/nightly/work";
    String model = root + "/nightly/model";
    long start = System.nanoTime();
    Cli.Run r = Cli.run("nightly", "--data_dir", pets.toString(), "--pipeline_config_path",
        ShippedConfigs.path("tiny_pets.config").toString(), "--work_dir", work, "--model_dir", model,
        "--num_train_steps", "2", "--run_id", "night-1");
    System.out.printf("nightly run on HDFS: %.1f s%n", (System.nanoTime() - start) / 1e9);
    assertEquals(0, r.exit(), r.out() + r.err());
    assertEquals("night-1\n", read(model + "/current"));
    assertEquals(List.of("current", "versions"), names(model), "the lock is released");
    assertEquals(List.of("night-1"), names(model + "/versions"), "no staging left");
    List<String> version = names(model + "/versions/night-1");
    for (String file : List.of("frozen_inference_graph.pb", "model.dl4j.zip", "model.ckpt-2", "checkpoint",
        "metrics.json", "export_report.json")) {
      assertTrue(version.contains(file), file + " in " + version);
    }
    JsonNode rec = new ObjectMapper().readTree(read(work + "/runs/night-1/run.json"));
    assertEquals("published", rec.get("status").asText());
    assertTrue(rec.get("inputs").get("config").asText().startsWith(root + "/nightly/work/runs/night-1/"),
        rec.get("inputs").toString());
    assertTrue(read(work + "/runs/night-1/pipeline.config").contains(root + "/nightly/work/runs/night-1/records/"
        + "pet_faces_train.record-?????-of-00010"));

    ModelDir dir = new ModelDir(hdfs, new Path(model));
    String runs = work + "/runs/night-1";
    new Publisher(dir).publish("night-2", new Publisher.RunModel(hdfs, new Path(runs + "/export"),
        new Path(runs + "/train/model.ckpt-2"), new Path(runs + "/eval/metrics.json")));
    assertEquals("night-2", dir.current());
    assertEquals(List.of("night-1", "night-2"), names(model + "/versions"));
    assertEquals(version, names(model + "/versions/night-1"), "the earlier version stays whole");
    assertEquals(List.of("current", "versions"), names(model), "no temporary current left");
    assertFalse(hdfs.exists(new Path(model, NightlyLock.NAME)));
  }
}
