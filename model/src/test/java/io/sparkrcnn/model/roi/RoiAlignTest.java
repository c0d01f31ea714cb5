package io.sparkrcnn.model.roi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** RoI align against values worked out by hand on a 3×3 single-channel map {@code v(y, x) = 10y + x}. */
class RoiAlignTest {
  private static final double[] MAP = {0, 1, 2, 10, 11, 12, 20, 21, 22}; // HWC with C = 1

  @Test
  void aBoxOverTheWholeCanvasSamplesEveryCellExactly() {
    // canvas 32 → feature y = y_px / 32 × 2; the box [0, 0, 32, 32] spans cells 0…2; crop 3, no pooling
    RoiAlign align = new RoiAlign(3, 1, 1);
    double[] out = new double[9];
    align.forward(MAP, 3, 3, 1, new float[] {0, 0, 32, 32}, 32, out, 0, new int[9]);
    assertArrayEquals(MAP, out, 1e-12);
  }

  @Test
  void samplesBetweenCellsAreBilinear() {
    // box [8, 8, 24, 24] → feature [0.5, 1.5]; crop 2 samples at 0.5 and 1.5 on both axes
    RoiAlign align = new RoiAlign(2, 1, 1);
    double[] out = new double[4];
    align.forward(MAP, 3, 3, 1, new float[] {8, 8, 24, 24}, 32, out, 0, new int[4]);
    // v(0.5, 0.5) = 5.5, v(0.5, 1.5) = 6.5, v(1.5, 0.5) = 15.5, v(1.5, 1.5) = 16.5
    assertArrayEquals(new double[] {5.5, 6.5, 15.5, 16.5}, out, 1e-12);
  }

  @Test
  void maxPoolingKeepsTheLargestSampleAndTheBackwardPassSendsItsGradientToItsNeighbours() {
    RoiAlign align = new RoiAlign(2, 2, 2);
    assertEquals(1, align.pooledSize());
    double[] out = new double[1];
    int[] argmax = new int[1];
    align.forward(MAP, 3, 3, 1, new float[] {8, 8, 24, 24}, 32, out, 0, argmax);
    assertEquals(16.5, out[0], 1e-12);
    assertEquals(3, argmax[0], "sample (1, 1)");
    double[] grad = new double[9];
    align.backward(new double[] {2.0}, 0, argmax, 3, 3, 1, new float[] {8, 8, 24, 24}, 32, grad);
    // sample at (1.5, 1.5): a quarter of the gradient to each of cells (1,1), (1,2), (2,1), (2,2)
    assertArrayEquals(new double[] {0, 0, 0, 0, 0.5, 0.5, 0, 0.5, 0.5}, grad, 1e-12);
  }

  @Test
  void samplesOutsideTheMapReadZero() {
    // box [-32, -32, 0, 0] → feature [-2, 0]: samples at -2, -1, 0 → only (0, 0) is inside
    RoiAlign align = new RoiAlign(3, 1, 1);
    double[] out = new double[9];
    double[] shifted = MAP.clone();
    for (int i = 0; i < shifted.length; i++) {
      shifted[i] += 100;
    }
    align.forward(shifted, 3, 3, 1, new float[] {-32, -32, 0, 0}, 32, out, 0, new int[9]);
    assertArrayEquals(new double[] {0, 0, 0, 0, 0, 0, 0, 0, 100}, out, 1e-12);
  }

  @Test
  void channelLayoutRoundTripsBetweenNchwAndHwc() {
    double[] nchw = {1, 2, 3, 4, 5, 6, 7, 8}; // N=1, C=2, 2×2
    double[] hwc = RoiAlign.toHwc(nchw, 0, 2, 2, 2, 2);
    assertArrayEquals(new double[] {1, 5, 2, 6, 3, 7, 4, 8}, hwc);
    double[] back = new double[8];
    RoiAlign.addHwc(hwc, back, 0, 2, 2, 2, 2);
    assertArrayEquals(nchw, back);
  }
}
