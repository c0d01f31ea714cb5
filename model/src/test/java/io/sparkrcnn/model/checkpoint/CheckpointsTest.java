package io.sparkrcnn.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.io.fs.FileSystems;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.detector.FasterRcnnGraph;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FilterFileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {
  private static ComputationGraph g;

  @TempDir
  java.nio.file.Path tmp;

  @BeforeAll
  static void tinyGraph() throws Exception {
    PipelineSettings s = PipelineSettings.parse(Files.readString(
        java.nio.file.Path.of("../cluster-configs/pipelines/tiny_pets.config")), "tiny");
    g = FasterRcnnGraph.build(s.model(), s.train(), 1);
  }

  private Path dir() {
    return new Path(tmp.toUri().toString(), "train");
  }

  private Checkpoints checkpoints(int keep) throws IOException {
    return new Checkpoints(FileSystems.of(dir(), new Configuration()), dir(), keep);
  }

  /** Writes checkpoints at these steps, each with its step as iteration count. */
  private Checkpoints written(long... steps) throws IOException {
    Checkpoints c = checkpoints(5);
    for (long step : steps) {
      g.getConfiguration().setIterationCount((int) step);
      c.write(g, step);
    }
    return c;
  }

  private java.nio.file.Path file(String name) {
    return tmp.resolve("train").resolve(name);
  }

  private void truncate(String name) throws IOException {
    byte[] bytes = Files.readAllBytes(file(name));
    Files.write(file(name), Arrays.copyOf(bytes, bytes.length / 2));
  }

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
  void aTrainDirWithoutCheckpointsLoadsNothing() throws Exception {
    assertNull(checkpoints(5).loadLatest(), "no directory");
    Files.createDirectories(tmp.resolve("train"));
    assertNull(checkpoints(5).loadLatest(), "an empty directory");
  }

  @Test
  void withoutAnIndexTheHighestCheckpointThatLoadsIsUsedSayingSo() throws Exception {
    Checkpoints c = written(5, 10, 15);
    Files.delete(file("checkpoint"));
    truncate("model.ckpt-15");
    assertEquals(new Path(dir(), "model.ckpt-15"), c.latest(), "the highest step, unchecked");
    Checkpoints.Loaded loaded = c.loadLatest();
    assertEquals(new Path(dir(), "model.ckpt-10"), loaded.checkpoint());
    assertEquals(10, loaded.graph().getIterationCount());
    assertEquals(1, loaded.note().lines().count());
    assertTrue(loaded.note().startsWith(dir() + " has model.ckpt-<step> files but no 'checkpoint' index"),
        loaded.note());
    assertTrue(loaded.note().contains(new Path(dir(), "model.ckpt-15") + " is cut short or damaged ("), loaded.note());
    assertTrue(loaded.note().endsWith("; using model.ckpt-10, the newest checkpoint that loads"), loaded.note());
  }

  @Test
  void aTruncatedOrGarbageLatestFallsBackToAnEarlierOneTheIndexLists() throws Exception {
    Checkpoints c = written(5, 10);
    truncate("model.ckpt-10");
    Checkpoints.Loaded loaded = c.loadLatest();
    assertEquals(new Path(dir(), "model.ckpt-5"), loaded.checkpoint());
    assertEquals(5, loaded.graph().getIterationCount());
    assertTrue(loaded.note().startsWith(new Path(dir(), "model.ckpt-10") + ", the index's latest, is cut short or"
        + " damaged ("), loaded.note());
    Files.writeString(file("model.ckpt-10"), "garbage, not a zip");
    loaded = c.loadLatest();
    assertEquals(new Path(dir(), "model.ckpt-5"), loaded.checkpoint());
    assertTrue(loaded.note().contains("model.ckpt-10, the index's latest, is cut short or damaged"), loaded.note());
  }

  @Test
  void anIndexNamingAMissingCheckpointFallsBack() throws Exception {
    Checkpoints c = written(5, 10);
    Files.delete(file("model.ckpt-10"));
    Checkpoints.Loaded loaded = c.loadLatest();
    assertEquals(new Path(dir(), "model.ckpt-5"), loaded.checkpoint());
    assertEquals(new Path(dir(), "model.ckpt-10") + ", the index's latest, does not exist; using model.ckpt-5, the"
        + " newest checkpoint that loads", loaded.note());
  }

  @Test
  void aGarbageIndexFallsBackToTheCheckpointsInTheDirectory() throws Exception {
    Checkpoints c = written(5, 10);
    Files.write(file("checkpoint"), new byte[] {0, (byte) 0xff, 17, '\n', 'x', '"'});
    Checkpoints.Loaded loaded = c.loadLatest();
    assertEquals(new Path(dir(), "model.ckpt-10"), loaded.checkpoint());
    assertTrue(loaded.note().startsWith(new Path(dir(), "checkpoint") + " is not a checkpoint index (it names no"
        + " model_checkpoint_path)"), loaded.note());
    c.write(g, 11);
    assertEquals(new Path(dir(), "model.ckpt-11"), c.latest(), "the next write replaces the garbage index");
  }

  @Test
  void noCheckpointThatLoadsIsOneLineNamingEachFile() throws Exception {
    Checkpoints c = written(5);
    truncate("model.ckpt-5");
    UnusableCheckpointException e = assertThrows(UnusableCheckpointException.class, c::loadLatest);
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    assertTrue(e.getMessage().startsWith(dir() + " has no checkpoint that loads: " + new Path(dir(), "model.ckpt-5")
        + ", the index's latest, is cut short or damaged ("), e.getMessage());
    assertTrue(e.getMessage().endsWith("; restore the files from a copy, remove them to start afresh, or use another"
        + " train_dir"), e.getMessage());
    Files.delete(file("model.ckpt-5"));
    e = assertThrows(UnusableCheckpointException.class, c::loadLatest);
    assertTrue(e.getMessage().contains("model.ckpt-5, the index's latest, does not exist"), e.getMessage());
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

  @Test
  void leftoversOfAKilledRunAreRemovedAndOldVersionsPutBack() throws Exception {
    Checkpoints c = written(2, 4);
    String uuid = "0f0e1d2c-3b4a-5968-7766-554433221100";
    String[] ours = {".model.ckpt-6." + uuid + ".tmp", ".checkpoint." + uuid + ".tmp", ".pipeline.config." + uuid
        + ".tmp", ".model.ckpt-2.replaced-" + uuid};
    for (String name : ours) {
      Files.writeString(file(name), "left by a kill");
    }
    Files.move(file("checkpoint"), file(".checkpoint.replaced-" + uuid));
    String[] foreign = {".model.ckpt-6.tmp", ".notes." + uuid + ".tmp", "notes.txt", ".other.replaced-" + uuid};
    for (String name : foreign) {
      Files.writeString(file(name), "someone's");
    }
    StringWriter log = new StringWriter();
    c.removeLeftovers(new PrintWriter(log));
    for (String name : ours) {
      assertFalse(Files.exists(file(name)), name);
    }
    for (String name : foreign) {
      assertTrue(Files.exists(file(name)), name);
    }
    assertTrue(Files.readString(file("checkpoint")).startsWith("model_checkpoint_path: \"model.ckpt-4\""),
        "the index moved aside is back");
    assertEquals(2, c.load(new Path(dir(), "model.ckpt-2")).getIterationCount(), "the checkpoint in place stays");
    assertEquals(1, log.toString().lines().count(), log.toString());
    assertTrue(log.toString().startsWith(dir() + ": files left by an interrupted run: removed "), log.toString());
    assertTrue(log.toString().contains("; put back .checkpoint.replaced-" + uuid), log.toString());
    log.getBuffer().setLength(0);
    c.removeLeftovers(new PrintWriter(log));
    assertEquals("", log.toString(), "nothing more to say");
  }
}
