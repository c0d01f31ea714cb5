package io.sparkrcnn.model.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The learning rate at each (0-based) step, as the reference's {@code optimizer_builder} and
 * {@code learning_schedules} compute it: constant, manual steps (optionally with the linear warm-up to the first
 * boundary), exponential decay ({@code tf.train.exponential_decay}) and cosine decay with warm-up and hold. It is
 * also the DL4J updater's schedule (by iteration, which is the global step the update is applied at), so the rate
 * the trainer logs and the rate it applies come from this one formula.
 */
public final class LearningRateSchedule implements ISchedule {
  public static final String CONSTANT = "constant";
  public static final String MANUAL_STEP = "manual_step";
  public static final String EXPONENTIAL_DECAY = "exponential_decay";
  public static final String COSINE_DECAY = "cosine_decay";

  private final String kind;
  private final double base;
  private final long[] boundaries;
  private final double[] rates;
  private final boolean warmup;
  private final long decaySteps;
  private final double decayFactor;
  private final boolean staircase;
  private final long totalSteps;
  private final double warmupRate;
  private final long warmupSteps;
  private final long holdSteps;

  @JsonCreator
  public LearningRateSchedule(@JsonProperty("kind") String kind, @JsonProperty("base") double base,
      @JsonProperty("boundaries") long[] boundaries, @JsonProperty("rates") double[] rates,
      @JsonProperty("warmup") boolean warmup, @JsonProperty("decaySteps") long decaySteps,
      @JsonProperty("decayFactor") double decayFactor, @JsonProperty("staircase") boolean staircase,
      @JsonProperty("totalSteps") long totalSteps, @JsonProperty("warmupRate") double warmupRate,
      @JsonProperty("warmupSteps") long warmupSteps, @JsonProperty("holdSteps") long holdSteps) {
    this.kind = Objects.requireNonNull(kind);
    this.base = base;
    this.boundaries = boundaries == null ? new long[0] : boundaries.clone();
    this.rates = rates == null ? new double[0] : rates.clone();
    this.warmup = warmup;
    this.decaySteps = decaySteps;
    this.decayFactor = decayFactor;
    this.staircase = staircase;
    this.totalSteps = totalSteps;
    this.warmupRate = warmupRate;
    this.warmupSteps = warmupSteps;
    this.holdSteps = holdSteps;
    if (this.rates.length != this.boundaries.length) {
      throw new IllegalArgumentException("one rate per boundary: " + this.rates.length + " vs "
          + this.boundaries.length);
    }
  }

  /** One rate at every step. */
  public static LearningRateSchedule constant(double rate) {
    return new LearningRateSchedule(CONSTANT, rate, null, null, false, 0, 0, false, 0, 0, 0, 0);
  }

  /**
   * {@code initial} until {@code boundaries[0]}, then {@code rates[i]} from {@code boundaries[i]} on (a boundary at
   * 0 replaces {@code initial} from the first step). With {@code warmup}, the rate grows linearly from
   * {@code initial} at step 0 towards {@code rates[0]}, reached at {@code boundaries[0]}.
   */
  public static LearningRateSchedule manualStep(double initial, long[] boundaries, double[] rates, boolean warmup) {
    return new LearningRateSchedule(MANUAL_STEP, initial, boundaries, rates, warmup, 0, 0, false, 0, 0, 0, 0);
  }

  /** {@code initial * factor^(step / decaySteps)}, the exponent rounded down with {@code staircase}. */
  public static LearningRateSchedule exponentialDecay(double initial, long decaySteps, double factor,
      boolean staircase) {
    return new LearningRateSchedule(EXPONENTIAL_DECAY, initial, null, null, false, decaySteps, factor, staircase, 0, 0,
        0, 0);
  }

  /**
   * Linear warm-up from {@code warmupRate} to {@code base} over {@code warmupSteps}, {@code base} held for
   * {@code holdSteps}, then half a cosine down to 0 at {@code totalSteps}, and 0 after it.
   */
  public static LearningRateSchedule cosineDecay(double base, long totalSteps, double warmupRate, long warmupSteps,
      long holdSteps) {
    return new LearningRateSchedule(COSINE_DECAY, base, null, null, false, 0, 0, false, totalSteps, warmupRate,
        warmupSteps, holdSteps);
  }

  /** The learning rate applied by the update at (0-based) {@code step}. */
  public double rateAt(long step) {
    switch (kind) {
      case CONSTANT:
        return base;
      case MANUAL_STEP:
        return LearningRates.manualStep(step, base, boundaries, rates, warmup);
      case EXPONENTIAL_DECAY:
        return LearningRates.exponentialDecay(step, base, decaySteps, decayFactor, staircase);
      case COSINE_DECAY:
        return LearningRates.cosineDecay(step, base, totalSteps, warmupRate, warmupSteps, holdSteps);
      default:
        throw new IllegalStateException("unknown learning rate schedule " + kind);
    }
  }

  /** One line for the dry run's summary, e.g. "manual steps from 0.0003 (2 boundaries)". */
  public String describe() {
    switch (kind) {
      case CONSTANT:
        return String.format(Locale.ROOT, "constant %.3g", base);
      case MANUAL_STEP:
        return String.format(Locale.ROOT, "%.3g at step 0, manual steps at %s%s", rateAt(0),
            Arrays.toString(boundaries), warmup ? " with warm-up" : "");
      case EXPONENTIAL_DECAY:
        return String.format(Locale.ROOT, "%.3g decaying by %.3g every %d steps%s", base, decayFactor, decaySteps,
            staircase ? " (staircase)" : "");
      default:
        return String.format(Locale.ROOT, "cosine from %.3g to 0 at step %d (warm-up %d steps from %.3g, hold %d)",
            base, totalSteps, warmupSteps, warmupRate, holdSteps);
    }
  }

  @Override
  public double valueAt(int iteration, int epoch) {
    return rateAt(iteration);
  }

  @Override
  public ISchedule clone() {
    return this;
  }

  @JsonProperty("kind")
  public String getKind() {
    return kind;
  }

  @JsonProperty("base")
  public double getBase() {
    return base;
  }

  @JsonProperty("boundaries")
  public long[] getBoundaries() {
    return boundaries.clone();
  }

  @JsonProperty("rates")
  public double[] getRates() {
    return rates.clone();
  }

  @JsonProperty("warmup")
  public boolean isWarmup() {
    return warmup;
  }

  @JsonProperty("decaySteps")
  public long getDecaySteps() {
    return decaySteps;
  }

  @JsonProperty("decayFactor")
  public double getDecayFactor() {
    return decayFactor;
  }

  @JsonProperty("staircase")
  public boolean isStaircase() {
    return staircase;
  }

  @JsonProperty("totalSteps")
  public long getTotalSteps() {
    return totalSteps;
  }

  @JsonProperty("warmupRate")
  public double getWarmupRate() {
    return warmupRate;
  }

  @JsonProperty("warmupSteps")
  public long getWarmupSteps() {
    return warmupSteps;
  }

  @JsonProperty("holdSteps")
  public long getHoldSteps() {
    return holdSteps;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LearningRateSchedule s && kind.equals(s.kind) && base == s.base
        && Arrays.equals(boundaries, s.boundaries) && Arrays.equals(rates, s.rates) && warmup == s.warmup
        && decaySteps == s.decaySteps && decayFactor == s.decayFactor && staircase == s.staircase
        && totalSteps == s.totalSteps && warmupRate == s.warmupRate && warmupSteps == s.warmupSteps
        && holdSteps == s.holdSteps;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, base, Arrays.hashCode(boundaries), Arrays.hashCode(rates), warmup, decaySteps,
        decayFactor, staircase, totalSteps, warmupRate, warmupSteps, holdSteps);
  }
}
