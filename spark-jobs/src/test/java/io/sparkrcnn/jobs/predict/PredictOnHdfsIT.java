package io.sparkrcnn.jobs.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.jobs.testing.Cli;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * predict with its export, its inputs (a glob of images and a shard) and its output on HDFS (a MiniDFSCluster):
 * globs, reads, the executors' part files and drawings, and the commit by renames there. Slow: the cluster's start.
 */
@Tag("slow")
class PredictOnHdfsIT {
  @TempDir static Path tmp;
  static MiniDFSCluster cluster;
  static FileSystem hdfs;

  @BeforeAll
  static void cluster() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("dfs").toString());
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
    hdfs = cluster.getFileSystem();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.shutdown();
    }
  }

  private static org.apache.hadoop.fs.Path onHdfs(String path) {
    return new org.apache.hadoop.fs.Path(hdfs.getUri() + path);
  }

  @Test
  void exportInputsAndOutputOnHdfs() throws Exception {
    Path data = tmp.resolve("data");
    Path config = TinyExport.config(data, tmp.resolve("pipeline.config"));
    Path export = TinyExport.write(TinyExport.graph(config), config, tmp.resolve("export"));
    Path photos = Files.createDirectories(tmp.resolve("photos"));
    Files.write(photos.resolve("a.jpg"), TinyExport.image(90, 60, Color.RED, "jpg", BufferedImage.TYPE_INT_RGB));
    Files.write(photos.resolve("b.jpg"), TinyExport.image(60, 90, Color.BLUE, "jpg", BufferedImage.TYPE_INT_RGB));
    Files.write(photos.resolve("c.png"), TinyExport.image(50, 50, Color.BLUE, "png", BufferedImage.TYPE_INT_RGB));
    TinyExport.shard(photos.resolve("val.record-00000-of-00001"), List.of("x.jpg", "y.jpg"), 80, 64);
    for (Path p : List.of(export, photos)) {
      hdfs.copyFromLocalFile(new org.apache.hadoop.fs.Path(p.toUri()), onHdfs("/" + p.getFileName()));
    }
    String out = hdfs.getUri() + "/predictions";
    Cli.Run run = Cli.run("predict", "--model_dir", hdfs.getUri() + "/export", "--input_path",
        hdfs.getUri() + "/photos/*.jpg," + hdfs.getUri() + "/photos/val.record-*", "--output_dir", out);
    assertEquals(0, run.exit(), run.out() + run.err());
    assertTrue(run.out().contains("4 of 4 inputs predicted, 0 skipped"), run.out());
    String jsonl;
    try (InputStream in = hdfs.open(onHdfs("/predictions/" + DetectionsJsonl.NAME))) {
      jsonl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertEquals(4, jsonl.lines().count());
    assertTrue(jsonl.startsWith("{\"image_id\":\"a.jpg\","), jsonl.substring(0, 40));
    FileStatus[] images = hdfs.listStatus(onHdfs("/predictions/images"));
    assertEquals(List.of("a.jpg", "b.jpg", "x.jpg", "y.jpg"),
        Arrays.stream(images).map(s -> s.getPath().getName()).sorted().toList());
    try (InputStream in = hdfs.open(onHdfs("/predictions/images/b.jpg"))) {
      BufferedImage b = ImageIO.read(in);
      assertEquals(60, b.getWidth());
      assertEquals(90, b.getHeight());
    }
    assertEquals(List.of("predictions"), Arrays.stream(hdfs.listStatus(onHdfs("/")))
        .map(s -> s.getPath().getName()).filter(n -> n.contains("predictions")).toList(), "no staging left");
  }
}
