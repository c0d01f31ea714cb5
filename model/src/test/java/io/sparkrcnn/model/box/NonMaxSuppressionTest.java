package io.sparkrcnn.model.box;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class NonMaxSuppressionTest {
  private final float[][] boxes = {
      {0, 0, 1, 1},       // 0: score .9
      {0, 0.1f, 1, 1.1f}, // 1: score .8, IoU with 0 and 3 = 0.9 / 1.1 = 0.818
      {0, 2, 1, 3},       // 2: score .7, apart
      {0, 0, 1, 1}};      // 3: score .95, same as 0
  private final float[] scores = {0.9f, 0.8f, 0.7f, 0.95f};

  @Test
  void suppressesOverlapsAboveTheThresholdBestFirst() {
    assertArrayEquals(new int[] {3, 2}, NonMaxSuppression.select(boxes, scores, 0.5, 100));
    assertArrayEquals(new int[] {3, 1, 2}, NonMaxSuppression.select(boxes, scores, 0.9, 100));
    assertArrayEquals(new int[] {3}, NonMaxSuppression.select(boxes, scores, 0.5, 1));
  }

  @Test
  void anOverlapEqualToTheThresholdIsKeptAndTiesKeepInputOrder() {
    float[][] half = {{0, 0, 1, 1}, {0, 0, 1, 0.5f}}; // IoU exactly 0.5
    assertArrayEquals(new int[] {0, 1}, NonMaxSuppression.select(half, new float[] {0.5f, 0.5f}, 0.5, 10));
    assertArrayEquals(new int[] {0}, NonMaxSuppression.select(half, new float[] {0.5f, 0.5f}, 0.49, 10));
    assertArrayEquals(new int[0], NonMaxSuppression.select(new float[0][], new float[0], 0.5, 10));
  }
}
