package io.sparkrcnn.jobs.train;

import java.io.PrintWriter;
import java.util.Locale;

/** Says how many training records the workers skip as unusable, each time the most skipped in one round grows. */
final class UnusableRecordsLog implements TrainingListener {
  private final PrintWriter log;
  private long most;

  UnusableRecordsLog(PrintWriter log) {
    this.log = log;
  }

  /** The most unusable records the workers skipped in one round so far. */
  long most() {
    return most;
  }

  @Override
  public void afterRound(RoundEnd end) {
    long skipped = Math.round(end.round().totals().getOrDefault(RoundBatches.UNUSABLE, 0.0));
    if (skipped > most) {
      log.printf(Locale.ROOT, "%d unusable training records skipped (images that do not decode, broken"
          + " examples)%n", skipped);
      most = skipped;
    }
  }
}
