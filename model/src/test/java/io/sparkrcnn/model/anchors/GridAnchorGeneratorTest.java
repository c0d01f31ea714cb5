package io.sparkrcnn.model.anchors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GridAnchorGeneratorTest {
  /** The Pets configs' first-stage grid: scales 0.25…2, ratios 0.5/1/2, 256-pixel base, at the feature stride 16. */
  private final GridAnchorGenerator pets = new AnchorGridSpec(new double[] {0.25, 0.5, 1.0, 2.0},
      new double[] {0.5, 1.0, 2.0}, 256, 256, 0, 0, 600, false).generator();

  @Test
  void twelveAnchorsPerCellInRatioThenScaleOrder() {
    float[][] a = pets.generate(1, 1);
    assertEquals(12, a.length);
    // ratio 0.5, scale 0.25: h = 0.25 / sqrt(0.5) * 256 = 90.51, w = 0.25 * sqrt(0.5) * 256 = 45.25.
    assertArrayEquals(new float[] {-45.2548f, -22.6274f, 45.2548f, 22.6274f}, a[0], 1e-3f);
    // ratio 1, scale 1: a 256-pixel square centred at the origin.
    assertArrayEquals(new float[] {-128, -128, 128, 128}, a[6], 1e-4f);
    // ratio 2, scale 2: h = 2 / sqrt(2) * 256 = 362.04, w = 724.08.
    assertArrayEquals(new float[] {-181.0193f, -362.0387f, 181.0193f, 362.0387f}, a[11], 1e-3f);
  }

  @Test
  void cellsGoRowByRowAtTheStride() {
    float[][] a = pets.generate(2, 3);
    assertEquals(72, a.length);
    // Row 1, column 2, ratio 1 (index 1), scale 1 (index 2): centre (16, 32).
    assertArrayEquals(new float[] {-112, -96, 144, 160}, a[(1 * 3 + 2) * 12 + 4 + 2], 1e-4f);
  }

  @Test
  void offsetsShiftTheCentres() {
    GridAnchorGenerator g = new GridAnchorGenerator(new double[] {1}, new double[] {1}, 10, 20, 8, 8, 4, 4);
    assertArrayEquals(new float[] {-1, -6, 9, 14}, g.generate(1, 1)[0], 1e-6f);
    assertArrayEquals(new float[] {-1, 2, 9, 22}, g.generate(1, 2)[1], 1e-6f);
  }
}
