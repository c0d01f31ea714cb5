package io.sparkrcnn.jobs.predict;

import java.util.List;

/**
 * What a {@code predict} run did: inputs seen (images and records), how many got detections and how many were
 * skipped (with the first skips: id, source, reason), the detections written and drawn, and where the output is.
 */
public record PredictResult(long inputs, long predicted, long skipped, long detections, long drawn,
    List<Skip> firstSkips, String outputDir) {
  /** An input that was skipped: its id, where it came from and why. */
  public record Skip(String id, String source, String reason) {}
}
