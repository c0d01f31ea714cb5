package io.sparkrcnn.model.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.model.detector.ImageDetections;

/**
 * Two runtimes' detections of one image agree: as many detections, and each that scores clearly above the lowest
 * kept score (by {@link #TIE_MARGIN}) has one in the other of its class with box and score within the tolerance.
 * Below that margin scores within float rounding of each other can come out of NMS and the final cut in another
 * order, so the weakest detections are only counted.
 */
public final class DetectionAgreement {
  public static final float TIE_MARGIN = 2e-3f;

  private DetectionAgreement() {}

  /** Asserts the agreement; returns how many detections were matched (both directions). */
  public static int assertAgree(ImageDetections a, ImageDetections b, double tolerance) {
    assertEquals(a.scores().length, b.scores().length, "detections of " + a.imageId());
    if (a.scores().length == 0) {
      return 0;
    }
    float cut = Math.min(a.scores()[a.scores().length - 1], b.scores()[b.scores().length - 1]) + TIE_MARGIN;
    int compared = 0;
    for (ImageDetections[] pair : new ImageDetections[][] {{a, b}, {b, a}}) {
      for (int j = 0; j < pair[0].scores().length && pair[0].scores()[j] > cut; j++) {
        assertTrue(partner(pair[0], j, pair[1], tolerance), a.imageId() + " detection " + j + " (class "
            + pair[0].classes()[j] + ", score " + pair[0].scores()[j] + ") has no partner");
        compared++;
      }
    }
    return compared;
  }

  private static boolean partner(ImageDetections a, int j, ImageDetections b, double tolerance) {
    for (int k = 0; k < b.scores().length; k++) {
      boolean near = b.classes()[k] == a.classes()[j] && Math.abs(b.scores()[k] - a.scores()[j]) <= tolerance;
      for (int c = 0; c < 4 && near; c++) {
        near = Math.abs(b.boxes()[k][c] - a.boxes()[j][c]) <= tolerance;
      }
      if (near) {
        return true;
      }
    }
    return false;
  }
}
