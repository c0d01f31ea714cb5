package io.sparkrcnn.jobs.train;

import java.io.PrintWriter;
import java.util.Locale;

/** The progress lines: unusable records as their count grows, and loss, learning rate and speed every log step. */
final class ProgressLog implements TrainingListener {
  private final PrintWriter log;
  private final int workers;
  private long unusable;

  ProgressLog(PrintWriter log, int workers) {
    this.log = log;
    this.workers = workers;
  }

  /** The most unusable records the workers skipped in one round so far. */
  long unusable() {
    return unusable;
  }

  @Override
  public void afterRound(RoundEnd end) {
    long skipped = Math.round(end.round().totals().getOrDefault(RoundBatches.UNUSABLE, 0.0));
    if (skipped > unusable) {
      log.printf(Locale.ROOT, "%d unusable training records skipped (images that do not decode, broken"
          + " examples)%n", skipped);
      unusable = skipped;
    }
    LogWindow.Summary s = end.logged();
    if (s != null) {
      log.printf(Locale.ROOT, "step %d/%d  loss %.4f  lr %.2g  %.2f images/s (%d worker%s)  eta %s%n", s.step(),
          s.numSteps(), s.loss(), s.learningRate(), s.imagesPerSecond(), workers, workers == 1 ? "" : "s",
          eta(s.etaSeconds()));
      log.flush();
    }
  }

  static String eta(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
        : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
  }
}
