package io.sparkrcnn.model.target;

/**
 * The Object Detection API's {@code ArgMaxMatcher}: each candidate box (anchor or proposal) is matched
 * to the ground-truth box it overlaps most when that IoU reaches {@code matchedThreshold}, is a
 * negative below {@code unmatchedThreshold} and is ignored in between. With {@code forceMatchForEachGt}
 * every ground-truth box also claims its best candidate, so no object goes without a positive.
 */
public record ArgMaxMatcher(double matchedThreshold, double unmatchedThreshold, boolean forceMatchForEachGt) {
  public static final int NEGATIVE = -1;
  public static final int IGNORED = -2;

  public ArgMaxMatcher {
    if (unmatchedThreshold > matchedThreshold) {
      throw new IllegalArgumentException("unmatched threshold " + unmatchedThreshold + " > matched " + matchedThreshold);
    }
  }

  /**
   * Matches for {@code iou[candidate][gt]}: the ground-truth index (≥ 0), {@link #NEGATIVE} or {@link #IGNORED}.
   * With no ground truth every candidate is negative.
   */
  public int[] match(double[][] iou, int numGt) {
    int n = iou.length;
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      int best = -1;
      double bestIou = -1;
      for (int j = 0; j < numGt; j++) {
        if (iou[i][j] > bestIou) {
          bestIou = iou[i][j];
          best = j;
        }
      }
      if (best < 0 || bestIou < unmatchedThreshold) {
        out[i] = NEGATIVE;
      } else if (bestIou < matchedThreshold) {
        out[i] = IGNORED;
      } else {
        out[i] = best;
      }
    }
    if (forceMatchForEachGt) {
      for (int j = 0; j < numGt; j++) {
        int best = -1;
        double bestIou = -1;
        for (int i = 0; i < n; i++) {
          if (iou[i][j] > bestIou) {
            bestIou = iou[i][j];
            best = i;
          }
        }
        if (best >= 0) {
          out[best] = j;
        }
      }
    }
    return out;
  }
}
