package io.sparkrcnn.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The log window: closes on log steps and at the end, with means per step over the rounds it holds. */
class LogWindowTest {
  private static Map<String, Double> sums(double steps, double total, double rpn, double images) {
    return Map.of(LossReportingHook.STEPS, steps, LossReportingHook.TOTAL, total, "Losses/rpn", rpn,
        LossReportingHook.IMAGES, images);
  }

  @Test
  void roundsAreSummedUntilALogStepAndAveragedPerWorkerStep() {
    LogWindow w = new LogWindow(2, 10); // 2 workers, log every 10 steps, to step 25
    assertNull(w.add(0, 5, 25, sums(10, 20, 4, 40), 2, 0.1)); // 2 workers x 5 steps
    LogWindow.Summary s = w.add(5, 10, 25, sums(10, 10, 2, 40), 2, 0.05);
    assertEquals(10, s.step());
    assertEquals(30.0 / 20, s.loss(), 1e-12);
    assertEquals(6.0 / 20, s.losses().get("Losses/rpn"), 1e-12);
    assertEquals(80.0 / 4, s.imagesPerSecond(), 1e-12);
    assertEquals(10.0 / 4, s.stepsPerSecond(), 1e-12); // 20 worker steps / 2 workers in 4 s
    assertEquals(15 / 2.5, s.etaSeconds(), 1e-12);
    assertEquals(0.05, s.learningRate());
    assertNull(w.add(10, 15, 25, sums(10, 5, 1, 40), 1, 0.05));
    LogWindow.Summary end = w.add(15, 18, 18, sums(6, 3, 1, 24), 1, 0.05); // the last step closes it
    assertEquals(8.0 / 16, end.loss(), 1e-12);
    assertEquals(0, end.etaSeconds(), 1e-12);
  }
}
