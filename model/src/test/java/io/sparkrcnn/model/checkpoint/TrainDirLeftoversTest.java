package io.sparkrcnn.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

/** What a killed run leaves in its train dir: removed, or put back, and said in one line. */
class TrainDirLeftoversTest extends TrainDirTestBase {
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
