package io.sparkrcnn.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkrcnn.jobs.testing.Cli;
import io.sparkrcnn.jobs.testing.ShippedConfigs;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture of the Spark training ITs: a MiniDFSCluster holding the shards that convert made of a synthetic Pets
 * folder (3 classes, 12 images each), and the shipped tiny config pointed at them, one cluster per test class.
 */
abstract class TinyShardsOnHdfs {
  @TempDir static Path tmp;
  static MiniDFSCluster cluster;
  static FileSystem hdfs;
  /** The cluster's URI, e.g. {@code hdfs://localhost:PORT}; the shards are under {@code root + "/records"}. */
  static String root;
  static Path config;

  @BeforeAll
  static void shardsOnHdfs() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("dfs").toString());
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
    hdfs = cluster.getFileSystem();
    root = hdfs.getUri().toString();
    Path pets = tmp.resolve("pets");
    assertEquals(0, Cli.run("synth", "--output_dir", pets.toString(), "--num_classes", "3", "--images_per_class",
        "12", "--image_size", "128x96").exit());
    Cli.Run convert = Cli.run("convert", "--data_dir", pets.toString(), "--output_dir", root + "/records");
    assertEquals(0, convert.exit(), convert.err());
    config = ShippedConfigs.write("tiny_pets.config", root + "/records", tmp.resolve("tiny.config"));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.shutdown();
      cluster = null;
    }
  }

  /** Whether {@code path} (a full {@code hdfs://} URI) exists on the cluster. */
  static boolean existsOnHdfs(String path) throws Exception {
    return hdfs.exists(new org.apache.hadoop.fs.Path(path));
  }
}
