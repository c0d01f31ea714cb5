package io.sparkrcnn.model.anchors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkrcnn.model.backbone.Backbone;
import org.junit.jupiter.api.Test;

/** The anchor grid is immutable, at the one feature stride, and refuses nonsense naming the field. */
class AnchorGridSpecTest {
  private static AnchorGridSpec grid(double[] scales, double base, int canvas) {
    return new AnchorGridSpec(scales, new double[] {0.5, 1, 2}, base, base, 0, 0, canvas, false);
  }

  private static void refused(String expected, Runnable build) {
    assertEquals(expected, assertThrows(IllegalArgumentException.class, build::run).getMessage());
  }

  @Test
  void itsStrideIsTheBackbones() {
    AnchorGridSpec a = grid(new double[] {1}, 64, 128);
    assertEquals(Backbone.STRIDE, a.strideY());
    assertEquals(Backbone.STRIDE, a.strideX());
    assertEquals(Backbone.STRIDE, a.generator().strideY());
    // one cell to the right is one stride further
    assertEquals(Backbone.STRIDE, a.generator().generate(1, 2)[3][1] - a.generator().generate(1, 2)[0][1], 1e-6);
  }

  @Test
  void itCannotBeChangedThroughWhatItGivesOrWasGiven() {
    double[] scales = {0.5, 1};
    AnchorGridSpec a = grid(scales, 64, 128);
    scales[0] = 9;
    a.scales()[1] = 9;
    assertArrayEquals(new double[] {0.5, 1}, a.scales());
    AnchorGridSpec b = a.withCanvasSize(256);
    assertEquals(128, a.canvasSize());
    assertEquals(256, b.canvasSize());
    assertEquals(grid(new double[] {0.5, 1}, 64, 256), b);
  }

  @Test
  void nonsenseIsRefusedNamingTheField() {
    refused("AnchorGridSpec.scales is empty; it must list at least one value above 0",
        () -> grid(new double[0], 64, 128));
    refused("AnchorGridSpec.scales is [0.5, -1.0]; every value must be above 0",
        () -> grid(new double[] {0.5, -1}, 64, 128));
    refused("AnchorGridSpec.baseHeight is 0.0; it must be above 0", () -> grid(new double[] {1}, 0, 128));
    refused("AnchorGridSpec.canvasSize is 0; it must be at least 1", () -> grid(new double[] {1}, 64, 0));
    refused("AnchorGridSpec.offsetY is NaN; it must be a finite number",
        () -> new AnchorGridSpec(new double[] {1}, new double[] {1}, 64, 64, Double.NaN, 0, 128, false));
  }
}
