package io.sparkrcnn.model.target;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The Object Detection API's {@code BalancedPositiveNegativeSampler}: from matched candidates, up to
 * {@code positiveFraction × batchSize} positives chosen at random, then negatives at random to fill
 * the batch. Ignored candidates are never sampled.
 */
public record BalancedSampler(int batchSize, double positiveFraction) {

  /** Sampled candidate indices (positives first) for matches from {@link ArgMaxMatcher#match}. */
  public int[] sample(int[] matches, RandomGenerator random) {
    List<Integer> positives = new ArrayList<>();
    List<Integer> negatives = new ArrayList<>();
    for (int i = 0; i < matches.length; i++) {
      if (matches[i] >= 0) {
        positives.add(i);
      } else if (matches[i] == ArgMaxMatcher.NEGATIVE) {
        negatives.add(i);
      }
    }
    int numPositive = Math.min(positives.size(), (int) (positiveFraction * batchSize));
    int numNegative = Math.min(negatives.size(), batchSize - numPositive);
    int[] out = new int[numPositive + numNegative];
    pick(positives, numPositive, random, out, 0);
    pick(negatives, numNegative, random, out, numPositive);
    return out;
  }

  /** Partial Fisher–Yates: the first {@code k} of a random permutation of {@code from}. */
  private static void pick(List<Integer> from, int k, RandomGenerator random, int[] out, int offset) {
    int[] a = from.stream().mapToInt(Integer::intValue).toArray();
    for (int i = 0; i < k; i++) {
      int j = i + random.nextInt(a.length - i);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
      out[offset + i] = a[i];
    }
  }
}
