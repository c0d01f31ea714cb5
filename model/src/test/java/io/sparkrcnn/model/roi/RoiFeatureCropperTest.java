package io.sparkrcnn.model.roi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/**
 * Crops of a batch {@code [2, 2, 3, 3]}: channel 0 is the feature map {@code v(y, x) = 10y + x} (image 1: + 100),
 * channel 1 a first-stage channel that RoI pooling must not read; crop 2 max-pooled to one cell on a 32-px canvas.
 */
class RoiFeatureCropperTest {
  private static final RoiFeatureCropper CROPPER = new RoiFeatureCropper(new RoiAlign(2, 2, 2), 1, 32);
  private static final Rois ROIS = new Rois(new int[] {0, 1, 1},
      new float[][] {{8, 8, 24, 24}, {8, 8, 24, 24}, {0, 0, 32, 32}});

  private static double[] input() {
    double[] in = new double[2 * 2 * 9];
    for (int i = 0; i < 2; i++) {
      for (int p = 0; p < 9; p++) {
        in[i * 18 + p] = 10 * (p / 3) + p % 3 + 100 * i;
        in[i * 18 + 9 + p] = 999;
      }
    }
    return in;
  }

  @Test
  void eachRoiIsCroppedFromItsOwnImagesFeatureChannels() {
    // [8, 8, 24, 24] samples (0.5 … 1.5)²: the largest is v(1.5, 1.5); the whole canvas samples (0 … 2)²: v(2, 2)
    assertArrayEquals(new double[] {16.5, 116.5, 122}, CROPPER.forward(input(), 2, 3, 3, ROIS).values(), 1e-12);
  }

  @Test
  void theBackwardPassScattersEachCropsGradientIntoItsImageAndNothingIntoOtherChannels() {
    RoiFeatureCropper.Crops crops = CROPPER.forward(input(), 2, 3, 3, ROIS);
    double[] d = CROPPER.backward(new double[] {2, 4, 1}, crops, ROIS, 36, 2, 3, 3);
    double[] expected = new double[36];
    for (int p : new int[] {4, 5, 7, 8}) { // cells (1, 1), (1, 2), (2, 1), (2, 2) share a sample at (1.5, 1.5)
      expected[p] = 2 * 0.25;
      expected[18 + p] = 4 * 0.25;
    }
    expected[18 + 8] += 1; // the whole-canvas crop's winner sits exactly on cell (2, 2)
    assertArrayEquals(expected, d, 1e-12);
  }

  @Test
  void roisOfABatchListEveryImagesBoxesInTurn() {
    Rois r = Rois.of(new float[][][] {{{0, 0, 1, 1}}, {}, {{1, 1, 2, 2}, {2, 2, 3, 3}}});
    assertArrayEquals(new int[] {0, 2, 2}, r.image());
    assertArrayEquals(new float[][] {{0, 0, 1, 1}, {1, 1, 2, 2}, {2, 2, 3, 3}}, r.boxes());
  }
}
