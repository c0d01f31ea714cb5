package io.sparkrcnn.model.roi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkrcnn.model.target.SampledRois;
import org.junit.jupiter.api.Test;

/** The loss of one class with localisation weight 2: image 0 has a positive and a negative RoI, image 1 a positive. */
class FastRcnnLossTest {
  private static final FastRcnnLoss LOSS = new FastRcnnLoss(1, 1, 2);
  private static final SampledRois ROIS = new SampledRois(new int[] {0, 0, 1},
      new float[][] {{0, 0, 1, 1}, {0, 0, 1, 1}, {0, 0, 1, 1}}, new int[] {1, 0, 1},
      new float[][] {{0, 0, 0, 0}, {0, 0, 0, 0}, {1, 1, 1, 1}});
  private static final double[] LOGITS = {0, 0, Math.log(3), 0, 0, 0};
  private static final double[] CODES = {0.5, 0, 0, 3, 9, 9, 9, 9, 1, 1, 1, 1};

  @Test
  void crossEntropyAndTheTrueClasssSmoothL1AreDividedByTheImagesRoiCount() {
    FastRcnnLoss.Result r = LOSS.of(LOGITS, CODES, ROIS, 2);
    // image 0: (ln 2 + ln 4/3) / 2 + 2 × (0.5²/2 + (3 − 0.5)) / 2; image 1: ln 2 and exact codes
    assertArrayEquals(new double[] {(Math.log(2) + Math.log(4.0 / 3)) / 2 + 2.625, Math.log(2)}, r.perImage(), 1e-12);
    assertEquals((Math.log(2) / 2 + Math.log(4.0 / 3) / 2 + Math.log(2)) / 2,
        r.components().get(FastRcnnLoss.CLASSIFICATION), 1e-12);
    assertEquals(2.625 / 2, r.components().get(FastRcnnLoss.LOCALIZATION), 1e-12);
  }

  @Test
  void theGradientsAreSoftmaxMinusTargetAndTheClippedCodeError() {
    FastRcnnLoss.Result r = LOSS.of(LOGITS, CODES, ROIS, 2);
    assertArrayEquals(new double[] {0.25, -0.25, -0.125, 0.125, 0.5, -0.5}, r.dLogits(), 1e-12);
    // the background RoI's codes get no gradient; d = 3 is beyond the quadratic zone: sign 1 × 2 / 2
    assertArrayEquals(new double[] {0.5, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0}, r.dCodes(), 1e-12);
  }

  @Test
  void noRoisGiveZeroLosses() {
    SampledRois none = new SampledRois(new int[0], new float[0][], new int[0], new float[0][]);
    FastRcnnLoss.Result r = LOSS.of(new double[0], new double[0], none, 2);
    assertArrayEquals(new double[2], r.perImage());
    assertEquals(0, r.components().get(FastRcnnLoss.CLASSIFICATION));
    assertEquals(0, r.components().get(FastRcnnLoss.LOCALIZATION));
  }
}
