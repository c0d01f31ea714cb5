package io.sparkrcnn.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.io.fs.AtomicReplace;
import io.sparkrcnn.jobs.UserError;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.detector.FasterRcnnGraph;
import io.sparkrcnn.model.checkpoint.Checkpoints;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On HDFS, where a plain rename onto an existing file fails: replacing checkpoints, falling back, the lock. */
class CheckpointsOnHdfsIT {
  @TempDir java.nio.file.Path tmp;

  private static void write(FileSystem fs, Path p, String text) throws Exception {
    try (OutputStream out = fs.create(p, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String read(FileSystem fs, Path p) throws Exception {
    try (var in = fs.open(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void checkpointsAndTheIndexAreReplacedInPlaceAndTheLockIsExclusive() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("dfs").toString());
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    try {
      cluster.waitActive();
      FileSystem fs = cluster.getFileSystem();
      Path dir = new Path(fs.getUri() + "/user/alice/train");
      fs.mkdirs(dir);
      write(fs, new Path(dir, "a"), "old");
      write(fs, new Path(dir, "b"), "new");
      assertFalse(fs.rename(new Path(dir, "b"), new Path(dir, "a")), "HDFS: a plain rename does not replace");
      AtomicReplace.move(fs, new Path(dir, "b"), new Path(dir, "a"));
      assertEquals("new", read(fs, new Path(dir, "a")));
      assertFalse(fs.exists(new Path(dir, "b")));

      PipelineSettings s = PipelineSettings.parse(Files.readString(
          java.nio.file.Path.of("../cluster-configs/pipelines/tiny_pets.config")), "tiny");
      ComputationGraph g = FasterRcnnGraph.build(s.model(), s.train(), 1);
      Checkpoints c = new Checkpoints(fs, dir, 5);
      g.getConfiguration().setIterationCount(1);
      c.write(g, 1);
      g.getConfiguration().setIterationCount(2);
      c.write(g, 2);
      ComputationGraph other = g.clone();
      other.params().addi(1);
      c.write(other, 2);
      Checkpoints.Loaded loaded = c.loadLatest();
      assertEquals("model.ckpt-2", loaded.checkpoint().getName());
      assertEquals(other.params(), loaded.graph().params(), "the rewritten step 2 replaced the first");
      assertTrue(read(fs, new Path(dir, "checkpoint")).startsWith("model_checkpoint_path: \"model.ckpt-2\""));

      write(fs, new Path(dir, "model.ckpt-2"), "truncated");
      loaded = c.loadLatest();
      assertEquals("model.ckpt-1", loaded.checkpoint().getName());
      assertTrue(loaded.note().contains("model.ckpt-2, the index's latest, is cut short or damaged"), loaded.note());

      StringWriter log = new StringWriter();
      Path lockFile = new Path(dir, TrainDirLock.NAME);
      try (TrainDirLock lock = TrainDirLock.acquire(fs, dir, new PrintWriter(log), Duration.ofMillis(100))) {
        UserError e = assertThrows(UserError.class, () -> TrainDirLock.acquire(fs, dir, new PrintWriter(log)));
        assertTrue(e.getMessage().contains("is held by another train"), e.getMessage());
        fs.setTimes(lockFile, 0, -1);
        long deadline = System.currentTimeMillis() + 10_000;
        while (fs.getFileStatus(lockFile).getModificationTime() == 0 && System.currentTimeMillis() < deadline) {
          Thread.sleep(20);
        }
        assertTrue(fs.getFileStatus(lockFile).getModificationTime() > 0, "the heartbeat refreshes it on HDFS");
      }
      assertFalse(fs.exists(lockFile), "released");
      assertEquals("", log.toString());
    } finally {
      cluster.shutdown();
    }
  }
}
