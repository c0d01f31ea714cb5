package io.sparkrcnn.jobs.train;

import java.io.PrintWriter;
import java.util.Locale;

/** The progress line of every closed log window: step, loss, learning rate, speed and time left. */
final class ProgressLog implements TrainingListener {
  private final PrintWriter log;
  private final int workers;

  ProgressLog(PrintWriter log, int workers) {
    this.log = log;
    this.workers = workers;
  }

  @Override
  public void afterRound(RoundEnd end) {
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
