package io.sparkrcnn.model.target;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BalancedSamplerTest {
  private static final int N = ArgMaxMatcher.NEGATIVE;
  private static final int I = ArgMaxMatcher.IGNORED;

  @Test
  void takesAtMostTheFractionOfPositivesThenFillsWithNegatives() {
    int[] matches = {0, 0, 1, 1, 2, 2, N, N, N, N, N, N, N, N, N, N, I, I};
    int[] s = new BalancedSampler(8, 0.25).sample(matches, new SplittableRandom(1));
    assertEquals(8, s.length);
    assertEquals(2, Arrays.stream(s).filter(i -> matches[i] >= 0).count(), "0.25 × 8 positives");
    assertEquals(6, Arrays.stream(s).filter(i -> matches[i] == N).count());
    assertEquals(8, Arrays.stream(s).distinct().count(), "no candidate twice");
  }

  @Test
  void fewPositivesLeaveRoomForMoreNegativesAndIgnoredAreNeverSampled() {
    int[] matches = {I, 3, N, N, I, N};
    int[] s = new BalancedSampler(256, 0.5).sample(matches, new SplittableRandom(2));
    int[] sorted = s.clone();
    Arrays.sort(sorted);
    assertArrayEquals(new int[] {1, 2, 3, 5}, sorted);
    assertEquals(1, s[0], "positives first");
  }

  @Test
  void theSampleDependsOnTheRandomSource() {
    int[] matches = new int[200];
    Arrays.fill(matches, N);
    int[] a = new BalancedSampler(10, 0.5).sample(matches, new SplittableRandom(1));
    int[] b = new BalancedSampler(10, 0.5).sample(matches, new SplittableRandom(1));
    int[] c = new BalancedSampler(10, 0.5).sample(matches, new SplittableRandom(2));
    assertArrayEquals(a, b);
    assertNotEquals(Arrays.toString(a), Arrays.toString(c));
    assertTrue(Arrays.stream(a).allMatch(i -> i >= 0 && i < 200));
  }
}
