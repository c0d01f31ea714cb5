package io.sparkrcnn.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

/** Loading the newest whole checkpoint: what is missing or damaged is passed over and named in one line. */
class NewestWholeCheckpointTest extends TrainDirTestBase {
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
}
