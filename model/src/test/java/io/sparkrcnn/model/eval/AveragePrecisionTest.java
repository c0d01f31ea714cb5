package io.sparkrcnn.model.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AveragePrecisionTest {
  @Test
  void allPointInterpolationByHand() {
    // Ranked: TP, FP, TP with 2 ground truths: precision 1, 1/2, 2/3 at recall 1/2, 1/2, 1.
    // Non-increasing precision: 1, 2/3, 2/3. AP = 1/2 * 1 + 1/2 * 2/3 = 5/6.
    assertEquals(5.0 / 6, AveragePrecision.of(new double[] {0.9, 0.8, 0.7}, new boolean[] {true, false, true}, 2),
        1e-12);
  }

  @Test
  void missedGroundTruthCapsRecall() {
    // One TP out of 4 ground truths, first in rank: AP = 1/4 * 1.
    assertEquals(0.25, AveragePrecision.of(new double[] {0.5, 0.4}, new boolean[] {true, false}, 4), 1e-12);
    // Only false positives: AP 0.
    assertEquals(0.0, AveragePrecision.of(new double[] {0.5}, new boolean[] {false}, 1), 1e-12);
  }

  @Test
  void noDetectionsIsZeroAndNoGroundTruthIsNaN() {
    assertEquals(0.0, AveragePrecision.of(new double[0], new boolean[0], 3));
    assertTrue(Double.isNaN(AveragePrecision.of(new double[] {0.3}, new boolean[] {false}, 0)));
    assertEquals(0.5, AveragePrecision.mean(new double[] {1.0, Double.NaN, 0.0}), 1e-12);
  }

  @Test
  void tiesRankTheLaterDetectionFirstAsNumpysArgsortReversed() {
    assertArrayEquals(new int[] {2, 1, 0, 3}, AveragePrecision.rankByScore(new double[] {0.5, 0.5, 0.5, 0.1}));
    // Equal scores, FP listed after TP: the FP ranks first. Precision 0, 1/2 at recall 0, 1 -> AP 1/2.
    assertEquals(0.5, AveragePrecision.of(new double[] {0.7, 0.7}, new boolean[] {true, false}, 1), 1e-12);
    assertEquals(1.0, AveragePrecision.of(new double[] {0.7, 0.7}, new boolean[] {false, true}, 1), 1e-12);
  }
}
