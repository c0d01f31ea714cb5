package io.sparkrcnn.jobs.predict;

import java.io.Serializable;

/**
 * What an executor sends back for one input image, its detections having gone to the task's part of
 * {@code detections.jsonl}: where it stands in input order (file, then record), its id and where it came from, and
 * either how many detections it has (with its drawing in the attempts directory and how many detections that shows,
 * or null without {@code --visualize}) or why it was skipped.
 */
record PredictedImage(int file, long position, String id, String source, int detections, String drawing, int drawn,
    String skipped) implements Serializable {
  private static final long serialVersionUID = 1L;

  static PredictedImage found(int file, long position, String id, String source, int detections, String drawing,
      int drawn) {
    return new PredictedImage(file, position, id, source, detections, drawing, drawn, null);
  }

  static PredictedImage skipped(int file, long position, String id, String source, String reason) {
    return new PredictedImage(file, position, id, source, 0, null, 0, reason);
  }
}
