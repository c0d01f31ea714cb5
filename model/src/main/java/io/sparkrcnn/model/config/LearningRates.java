package io.sparkrcnn.model.config;

/**
 * The reference's learning-rate formulas ({@code learning_schedules.py}, {@code tf.train.exponential_decay}) at a
 * (0-based) step, each stated once; {@link LearningRateSchedule} picks one and holds its parameters.
 */
final class LearningRates {
  private LearningRates() {}

  /**
   * {@code initial} until {@code boundaries[0]}, then {@code rates[i]} from {@code boundaries[i]} on; with
   * {@code warmup}, linear from {@code initial} at step 0 towards {@code rates[0]}, reached at {@code boundaries[0]}.
   */
  static double manualStep(long step, double initial, long[] boundaries, double[] rates, boolean warmup) {
    if (warmup && boundaries.length > 0 && step < boundaries[0]) {
      return initial + (rates[0] - initial) * step / boundaries[0];
    }
    double rate = initial;
    for (int i = 0; i < boundaries.length; i++) {
      if (step >= boundaries[i]) {
        rate = rates[i];
      }
    }
    return rate;
  }

  /** {@code initial * factor^(step / decaySteps)}, the exponent rounded down with {@code staircase}. */
  static double exponentialDecay(long step, double initial, long decaySteps, double factor, boolean staircase) {
    double p = (double) step / decaySteps;
    return initial * Math.pow(factor, staircase ? Math.floor(p) : p);
  }

  /**
   * Linear warm-up from {@code warmupRate} to {@code base} over {@code warmupSteps}, {@code base} held for
   * {@code holdSteps}, then half a cosine down to 0 at {@code totalSteps}, and 0 after it.
   */
  static double cosineDecay(long step, double base, long totalSteps, double warmupRate, long warmupSteps,
      long holdSteps) {
    if (step > totalSteps) {
      return 0;
    }
    if (warmupSteps > 0 && step < warmupSteps) {
      return (base - warmupRate) / warmupSteps * step + warmupRate;
    }
    if (holdSteps > 0 && step <= warmupSteps + holdSteps) {
      return base;
    }
    return 0.5 * base * (1 + Math.cos(Math.PI * (step - warmupSteps - holdSteps)
        / (double) (totalSteps - warmupSteps - holdSteps)));
  }
}
