package io.sparkrcnn.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.io.fs.FileSystems;
import java.io.IOException;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FilterFileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

/** Writing checkpoints: named by step, indexed, pruned to the kept window, each file replaced atomically. */
class CheckpointsTest extends TrainDirTestBase {
  @Test
  void keepCheckpointEveryNHoursPreservesOneLeavingTheWindowPerInterval() throws Exception {
    Path dir = dir();
    FileSystem fs = FileSystems.of(dir, new Configuration());
    // made "10 hours ago" with a 4-hour interval: the first preserved is one written after 6 hours ago (now), the
    // next one after 2 hours ago (now), then none before 2 hours from now
    java.time.Clock past = java.time.Clock.offset(java.time.Clock.systemUTC(), java.time.Duration.ofHours(-10));
    Checkpoints c = new Checkpoints(fs, dir, 2, Checkpoints.hours(4), past);
    for (long step = 1; step <= 5; step++) {
      c.write(g, step);
    }
    assertTrue(fs.exists(new Path(dir, "model.ckpt-1")), "preserved: written after the first interval");
    assertTrue(fs.exists(new Path(dir, "model.ckpt-2")), "preserved: written after the second interval");
    assertFalse(fs.exists(new Path(dir, "model.ckpt-3")), "deleted: the third interval has not passed");
    assertEquals("model_checkpoint_path: \"model.ckpt-5\"\nall_model_checkpoint_paths: \"model.ckpt-4\"\n"
        + "all_model_checkpoint_paths: \"model.ckpt-5\"\n", Files.readString(tmp.resolve("train/checkpoint")),
        "preserved checkpoints leave the index, as TensorFlow's Saver does");
    assertEquals(1.5 * 3_600_000, Checkpoints.hours(1.5).toMillis());
  }

  @Test
  void checkpointsAreNamedByStepIndexedAndPrunedAndRestoreTheModel() throws Exception {
    Path dir = dir();
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
    Checkpoints.Loaded loaded = c.loadLatest();
    assertEquals(new Path(dir, "model.ckpt-15"), loaded.checkpoint());
    assertNull(loaded.note(), "nothing passed over");
    assertEquals(g.params(), loaded.graph().params());
  }

  @Test
  void rewritingAStepReplacesItsCheckpoint() throws Exception {
    Checkpoints c = written(5);
    ComputationGraph other = g.clone();
    other.params().addi(1);
    c.write(other, 5);
    assertEquals(other.params(), c.loadLatest().graph().params());
  }

  /** A filesystem whose renames onto {@code checkpoint} and {@code model.ckpt-N} fail, as a kill there would. */
  private static final class FailingRenames extends FilterFileSystem {
    boolean fail;

    FailingRenames(FileSystem fs) {
      super(fs);
    }

    @Override
    public boolean rename(Path from, Path to) throws IOException {
      return !fail && super.rename(from, to);
    }
  }

  @Test
  void aFailedReplaceKeepsTheOldCheckpointAndIndex() throws Exception {
    FailingRenames fs = new FailingRenames(FileSystems.of(dir(), new Configuration()));
    Checkpoints c = new Checkpoints(fs, dir(), 5);
    g.getConfiguration().setIterationCount(5);
    c.write(g, 5);
    c.write(g, 6);
    String index = Files.readString(file("checkpoint"));
    fs.fail = true;
    assertThrows(IOException.class, () -> c.write(g, 6));
    assertEquals(index, Files.readString(file("checkpoint")));
    assertEquals(new Path(dir(), "model.ckpt-6"), checkpoints(5).loadLatest().checkpoint(), "the old one is whole");
    try (var files = Files.list(tmp.resolve("train"))) {
      assertEquals(java.util.List.of("checkpoint", "model.ckpt-5", "model.ckpt-6"),
          files.map(f -> f.getFileName().toString()).sorted().toList(), "no temporary file left");
    }
    fs.fail = false;
    c.write(g.clone(), 6);
    assertEquals(new Path(dir(), "model.ckpt-6"), c.loadLatest().checkpoint(), "replaced by moving the old aside");
  }
}
