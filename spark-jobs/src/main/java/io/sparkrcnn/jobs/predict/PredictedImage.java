package io.sparkrcnn.jobs.predict;

import io.sparkrcnn.model.detector.ImageDetections;
import java.io.Serializable;

/**
 * What an executor sends back for one input image: where it stands in input order (file, then record), its id and
 * where it came from, and either its detections (with the drawing written to the attempts directory, or null
 * without {@code --visualize}) or why it was skipped.
 *
 * @param drawn how many detections the drawing shows
 */
record PredictedImage(int file, long position, String id, String source, float[][] boxes, float[] scores,
    int[] classes, String drawing, int drawn, String skipped) implements Serializable {
  private static final long serialVersionUID = 1L;

  static PredictedImage found(int file, long position, String source, ImageDetections d, String drawing, int drawn) {
    return new PredictedImage(file, position, d.imageId(), source, d.boxes(), d.scores(), d.classes(), drawing, drawn,
        null);
  }

  static PredictedImage skipped(int file, long position, String id, String source, String reason) {
    return new PredictedImage(file, position, id, source, null, null, null, null, 0, reason);
  }

  ImageDetections detections() {
    return new ImageDetections(id, boxes, scores, classes);
  }
}
