package io.sparkrcnn.jobs.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rounds since the last log step, summed: every {@code logEvery} steps (and at the last step) the window
 * closes into a {@link Summary} of mean losses and speed, which the progress log and the TensorBoard events show.
 */
public final class LogWindow {
  /**
   * A closed window at {@code step}: the workers' mean loss per step, the learning rate of the last step, images
   * and global steps per second, the seconds left to {@code numSteps}, and the mean of each "Losses/" sum.
   */
  public record Summary(long step, long numSteps, double loss, double learningRate, double imagesPerSecond,
      double stepsPerSecond, double etaSeconds, Map<String, Double> losses) {}

  private final int workers;
  private final int logEvery;
  private final Map<String, Double> sums = new LinkedHashMap<>();
  private double seconds;
  private double loss = Double.NaN;

  LogWindow(int workers, int logEvery) {
    this.workers = workers;
    this.logEvery = logEvery;
  }

  /** Adds a round from {@code before} to {@code step}; returns the closed window when a log step was reached. */
  Summary add(long before, long step, long numSteps, Map<String, Double> roundSums, double roundSeconds,
      double learningRate) {
    roundSums.forEach((k, v) -> sums.merge(k, v, Double::sum));
    seconds += roundSeconds;
    if (!(step / logEvery > before / logEvery || step == numSteps)) {
      return null;
    }
    double n = Math.max(1, sums.getOrDefault(LossReportingHook.STEPS, 0.0));
    double rate = sums.getOrDefault(LossReportingHook.IMAGES, 0.0) / Math.max(seconds, 1e-9);
    double stepsPerSecond = (sums.getOrDefault(LossReportingHook.STEPS, 0.0) / workers) / Math.max(seconds, 1e-9);
    double eta = (numSteps - step) / Math.max(stepsPerSecond, 1e-9);
    loss = sums.getOrDefault(LossReportingHook.TOTAL, loss * n) / n;
    Map<String, Double> losses = new LinkedHashMap<>();
    sums.forEach((k, v) -> {
      if (k.startsWith("Losses/")) {
        losses.put(k, v / n);
      }
    });
    sums.clear();
    seconds = 0;
    return new Summary(step, numSteps, loss, learningRate, rate, stepsPerSecond, eta, losses);
  }
}
