package io.sparkrcnn.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.conversion.fs.FileSystems;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.detector.FasterRcnnGraph;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {
  @TempDir
  java.nio.file.Path tmp;

  @Test
  void checkpointsAreNamedByStepIndexedAndPrunedAndRestoreTheModel() throws Exception {
    PipelineSettings s = PipelineSettings.parse(Files.readString(
        java.nio.file.Path.of("../cluster-configs/pipelines/tiny_pets.config")), "tiny");
    ComputationGraph g = FasterRcnnGraph.build(s.model(), s.train(), 1);
    Path dir = new Path(tmp.toUri().toString(), "train");
    FileSystem fs = FileSystems.of(dir, new Configuration());
    Checkpoints c = new Checkpoints(fs, dir, 2);
    assertNull(c.latest());
    c.write(g, 5);
    c.write(g, 10);
    g.getConfiguration().setIterationCount(15);
    c.write(g, 15);
    assertEquals(new Path(dir, "model.ckpt-15"), c.latest());
    assertFalse(fs.exists(new Path(dir, "model.ckpt-5")), "only the last 2 are kept");
    assertTrue(fs.exists(new Path(dir, "model.ckpt-10")));
    assertEquals("model_checkpoint_path: \"model.ckpt-15\"\nall_model_checkpoint_paths: \"model.ckpt-10\"\n"
        + "all_model_checkpoint_paths: \"model.ckpt-15\"\n", Files.readString(tmp.resolve("train/checkpoint")));
    ComputationGraph restored = c.load(c.latest());
    assertEquals(g.params(), restored.params());
    assertEquals(15, restored.getIterationCount());
    assertEquals(15, Checkpoints.stepOf(c.latest()));
    assertEquals(0, fs.listStatus(dir, p -> p.getName().endsWith(".tmp")).length, "no temporary files left");
  }
}
