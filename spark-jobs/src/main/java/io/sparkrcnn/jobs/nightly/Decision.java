package io.sparkrcnn.jobs.nightly;

import java.util.Locale;

/**
 * Whether a run's model replaces the published one, and why in one line: always when nothing is published yet;
 * else only when its mAP@0.5 on the run's val records is at least the published model's on the same records plus
 * {@code min_improvement}. A model whose mAP is undefined (NaN: no ground truth scored) is published only when
 * nothing is; one is preferred to a published model whose mAP is undefined.
 */
public record Decision(boolean publish, String reason) {
  /**
   * @param newMap the run's model's mAP@0.5
   * @param publishedMap the published model's on the same records, or null when nothing is published
   */
  public static Decision of(double newMap, Double publishedMap, double minImprovement) {
    if (publishedMap == null) {
      return new Decision(true, "nothing is published yet");
    }
    if (Double.isNaN(newMap)) {
      return new Decision(false, "the new model's mAP@0.5 is undefined (no ground truth scored)");
    }
    if (publishedMap.isNaN()) {
      return new Decision(true, String.format(Locale.ROOT, "mAP@0.5 %.4f, the published model's is undefined",
          newMap));
    }
    double needed = publishedMap + minImprovement;
    boolean publish = newMap >= needed;
    return new Decision(publish, String.format(Locale.ROOT, "mAP@0.5 %.4f %s %.4f (published %.4f + min_improvement"
        + " %s)", newMap, publish ? ">=" : "<", needed, publishedMap, minImprovement));
  }
}
