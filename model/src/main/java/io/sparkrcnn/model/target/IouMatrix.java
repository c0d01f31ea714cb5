package io.sparkrcnn.model.target;

import io.sparkrcnn.model.box.BoxIou;

/** Pairwise IoU of candidate boxes and ground-truth boxes, both {@code [ymin, xmin, ymax, xmax]} in one frame. */
public final class IouMatrix {
  private IouMatrix() {}

  /** {@code [candidates.length][numGt]} IoU values, over the first {@code numGt} ground-truth boxes. */
  public static double[][] of(float[][] candidates, float[][] groundTruth, int numGt) {
    double[][] out = new double[candidates.length][numGt];
    for (int i = 0; i < candidates.length; i++) {
      for (int j = 0; j < numGt; j++) {
        out[i][j] = BoxIou.iou(candidates[i], groundTruth[j]);
      }
    }
    return out;
  }
}
