package io.sparkrcnn.model.target;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ArgMaxMatcherTest {
  private static final double[][] IOU = {
      {0.80, 0.10},  // clear match to gt 0
      {0.50, 0.60},  // between thresholds for both: ignored
      {0.20, 0.05},  // below 0.3: negative
      {0.10, 0.75},  // match to gt 1
      {0.00, 0.00}};

  @Test
  void matchesAboveIgnoresBetweenAndRejectsBelowTheThresholds() {
    assertArrayEquals(new int[] {0, ArgMaxMatcher.IGNORED, ArgMaxMatcher.NEGATIVE, 1, ArgMaxMatcher.NEGATIVE},
        new ArgMaxMatcher(0.7, 0.3, false).match(IOU, 2));
  }

  @Test
  void forcedMatchingGivesEveryObjectItsBestCandidateEvenBelowTheThreshold() {
    double[][] iou = {{0.2, 0.1}, {0.4, 0.05}, {0.1, 0.3}};
    assertArrayEquals(new int[] {ArgMaxMatcher.NEGATIVE, 0, 1}, new ArgMaxMatcher(0.7, 0.3, true).match(iou, 2));
  }

  @Test
  void equalThresholdsLeaveNothingIgnored() {
    assertArrayEquals(new int[] {0, 1, ArgMaxMatcher.NEGATIVE, 1, ArgMaxMatcher.NEGATIVE},
        new ArgMaxMatcher(0.5, 0.5, false).match(IOU, 2));
  }

  @Test
  void withoutGroundTruthEverythingIsNegative() {
    assertArrayEquals(new int[] {ArgMaxMatcher.NEGATIVE, ArgMaxMatcher.NEGATIVE},
        new ArgMaxMatcher(0.7, 0.3, true).match(new double[2][0], 0));
  }

  @Test
  void anUnmatchedThresholdAboveTheMatchedOneIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new ArgMaxMatcher(0.3, 0.7, false));
  }
}
