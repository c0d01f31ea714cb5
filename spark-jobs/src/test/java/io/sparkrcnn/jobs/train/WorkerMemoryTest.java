package io.sparkrcnn.jobs.train;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.jobs.UserError;
import io.sparkrcnn.model.detector.StepMemory;
import org.junit.jupiter.api.Test;

/** The memory refusal with the worker's memory given, whatever this JVM's -Xmx. */
class WorkerMemoryTest {
  private static final long MIB = 1L << 20;
  private final StepMemory tinyLike = new StepMemory(60 * MIB, 26 * MIB);

  @Test
  void aBatchThatCannotFitIsOneLineNamingBatchSizeTheEstimateAndTheMemory() {
    UserError e = assertThrows(UserError.class, () -> WorkerMemory.check(tinyLike, 10_000, 4096 * MIB, 1));
    String m = e.getMessage();
    assertTrue(m.startsWith("train_config.batch_size 10000 needs at least 254.0 GiB per worker"), m);
    assertTrue(m.contains("a worker has 4.0 GiB (1 worker)") && m.contains("at most 155 fits")
        && m.contains("--executor-memory"), m);
    assertTrue(!m.contains("\n"), m);
  }

  @Test
  void aBatchThatFitsPassesAndNotEvenOneImageSaysSo() {
    assertDoesNotThrow(() -> WorkerMemory.check(tinyLike, 155, 4096 * MIB, 1));
    UserError e = assertThrows(UserError.class, () -> WorkerMemory.check(tinyLike, 1, 64 * MIB, 2));
    assertTrue(e.getMessage().contains("a worker has 64 MiB (2 workers)") && !e.getMessage().contains("fits"),
        e.getMessage());
  }
}
