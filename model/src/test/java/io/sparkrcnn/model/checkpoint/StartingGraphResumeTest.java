package io.sparkrcnn.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.model.config.PipelineSettings;
import java.nio.file.Files;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

/** Starting from a train dir's own checkpoints: resume from the newest that loads, saying what was passed over. */
class StartingGraphResumeTest extends StartingGraphTestBase {
  @Test
  void aTrainDirWithACheckpointResumesFromIt() throws Exception {
    Checkpoints c = trainDir();
    PipelineSettings s = fiveClasses("");
    ComputationGraph first = create(s, c, null, null);
    assertEquals("", log.toString(), "nothing to say about a fresh start without freezing or fine-tuning");
    Path written = c.write(first, 2);
    ComputationGraph resumed = create(s, c, null, null);
    assertEquals("resuming from " + written + " (step 2)\n", log.toString());
    assertEquals(first.params(), resumed.params());
  }

  @Test
  void aTrainDirWithCheckpointsButNoIndexResumesFromTheHighestSayingSo() throws Exception {
    Checkpoints c = trainDir();
    PipelineSettings s = fiveClasses("");
    ComputationGraph first = create(s, c, null, null);
    first.getConfiguration().setIterationCount(4);
    c.write(first, 2);
    Path written = c.write(first, 4);
    Files.delete(tmp.resolve("train/checkpoint"));
    ComputationGraph resumed = create(s, c, null, null);
    assertEquals("warning: " + written.getParent() + " has model.ckpt-<step> files but no 'checkpoint' index (a run"
        + " stopped while writing it?); using model.ckpt-4, the newest checkpoint that loads\nresuming from "
        + written + " (step 4)\n", log.toString());
    assertEquals(4, resumed.getIterationCount(), "not a fresh start at step 0");
  }

  @Test
  void aTruncatedLatestCheckpointResumesFromTheEarlierOneSayingSo() throws Exception {
    Checkpoints c = trainDir();
    PipelineSettings s = fiveClasses("");
    ComputationGraph first = create(s, c, null, null);
    first.getConfiguration().setIterationCount(2);
    Path earlier = c.write(first, 2);
    first.getConfiguration().setIterationCount(4);
    Path latest = c.write(first, 4);
    java.nio.file.Path file = tmp.resolve("train/model.ckpt-4");
    Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(file), 1000));
    ComputationGraph resumed = create(s, c, null, null);
    List<String> lines = log.toString().lines().toList();
    assertEquals(2, lines.size(), log.toString());
    assertTrue(lines.get(0).startsWith("warning: " + latest + ", the index's latest, is cut short or damaged ("),
        lines.get(0));
    assertTrue(lines.get(0).endsWith("; using model.ckpt-2, the newest checkpoint that loads"), lines.get(0));
    assertEquals("resuming from " + earlier + " (step 2)", lines.get(1));
    assertEquals(2, resumed.getIterationCount());
  }

  @Test
  void aTrainDirWhoseOnlyCheckpointIsGarbageIsOneLine() throws Exception {
    Checkpoints c = trainDir();
    Path written = c.write(create(fiveClasses(""), c, null, null), 1);
    Files.writeString(tmp.resolve("train/model.ckpt-1"), "garbage");
    UnusableCheckpointException e = assertThrows(UnusableCheckpointException.class,
        () -> create(fiveClasses(""), c, null, null));
    assertEquals(1, e.getMessage().lines().count());
    assertTrue(e.getMessage().contains(written + ", the index's latest, is cut short or damaged"), e.getMessage());
  }

  @Test
  void resumingWithOtherFrozenScopesIsRefused() throws Exception {
    Checkpoints c = trainDir();
    Path written = c.write(create(fiveClasses(""), c, null, null), 1);
    UnusableCheckpointException e = assertThrows(UnusableCheckpointException.class,
        () -> create(fiveClasses("freeze_variables: 'rpn/'"), c, null, null));
    assertEquals(written + " cannot be resumed with this config: it freezes 0 parameter arrays and the config and"
        + " flags 6 (only the config: rpn/box_codes_W, …); use another train_dir", e.getMessage());
    assertTrue(log.toString().startsWith("resuming from"));
  }
}
