package io.sparkrcnn.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StepMemoryTableTest {
  private static final long GIB = 1L << 30;

  private final StepMemoryProbe.Result measured = new StepMemoryProbe.Result("faster_rcnn_resnet50", 1024,
      26_000_000, GIB, 3 * GIB, List.of(new StepMemoryProbe.Step(4 * GIB, GIB / 2, GIB, 2 * GIB, GIB / 4, 20.5),
          new StepMemoryProbe.Step(3 * GIB, GIB / 2, GIB, 2 * GIB, GIB / 4, 18.0)), null);

  @Test
  void theChildsLineDecodesToWhatItEncoded() {
    assertEquals(measured, StepMemoryProbe.Result.decode("log noise " + measured.encode()));
    StepMemoryProbe.Result failed = StepMemoryProbe.Result.decode(
        StepMemoryProbe.Result.encodeFailure("faster_rcnn_resnet152", "java.lang.OutOfMemoryError: Physical\nmemory"));
    assertEquals("faster_rcnn_resnet152", failed.model());
    assertEquals("java.lang.OutOfMemoryError: Physical memory", failed.failure());
  }

  @Test
  void aWorkerNeedsThePeakPlusTwoParameterCopiesAndTheOtherHeldBatches() {
    long images = 6L * 3 * 1024 * 1024 * 4; // train's defaults hold 7 batches: 6 besides the one in the step
    assertEquals(4 * GIB + 2L * 26_000_000 * 4 + images, StepMemoryTable.needs(measured, 4 * GIB));
  }

  @Test
  void rowsShowTheMeasurementAndWhetherTheEstimateIsBelowIt() {
    String row = StepMemoryTable.row(measured);
    assertTrue(row.startsWith("| faster_rcnn_resnet50 | 1024 | 26,000,000 | 18.0 | 1.00 GiB | 4.00 GiB | 3.00 GiB |"
        + " 0.50 GiB (1.00 GiB) | 2.00 GiB (0.25 GiB) | 4.26 GiB | 3.00 GiB | 0.70 (below) |"), row);
    String failed = StepMemoryTable.row(new StepMemoryProbe.Result("faster_rcnn_resnet152", 0, 0, 0, 0, List.of(),
        "java.lang.OutOfMemoryError | x"));
    assertEquals(13, failed.chars().filter(c -> c == '|').count(), failed); // 12 cells
    assertTrue(failed.startsWith("| faster_rcnn_resnet152 | failed: java.lang.OutOfMemoryError / x |"));
  }
}
