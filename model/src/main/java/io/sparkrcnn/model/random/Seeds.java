package io.sparkrcnn.model.random;

/**
 * The one way seeds are derived in the model and the jobs: a run's seed mixed with what names one stream (a worker,
 * an epoch, a training iteration and an image), so that every stream is fixed by those numbers and streams of
 * neighbouring numbers are unrelated.
 */
public final class Seeds {
  /** SplitMix64's increment, the odd integer nearest 2^64 / φ. */
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private Seeds() {}

  /**
   * The parts mixed in order, each step SplitMix64's: {@code h = finalise((h + GOLDEN_GAMMA) ^ part)} from
   * {@code h = 0}. One part {@code p} gives {@code finalise(GOLDEN_GAMMA ^ p)}, so {@code mix(0)} is SplitMix64's
   * first output for seed 0; the order of the parts matters.
   */
  public static long mix(long... parts) {
    long h = 0;
    for (long part : parts) {
      h = finalise((h + GOLDEN_GAMMA) ^ part);
    }
    return h;
  }

  /** SplitMix64's output function (Stafford's variant 13, as {@link java.util.SplittableRandom}'s). */
  static long finalise(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
