package io.sparkrcnn.jobs.eval;

import io.sparkrcnn.model.detector.ImageDetections;
import io.sparkrcnn.io.example.GroundTruth;
import java.io.Serializable;

/**
 * What an executor sends back for one eval record: where it stands in input order (file, then position in it),
 * its ground truth, and its detections (null when the record was unusable, or when only ground truth was asked
 * for); or, for a record that is not a detection Example, the one line saying so.
 */
record ScoredRecord(int file, int position, String problem, Truth truth, Found found) implements Serializable {
  private static final long serialVersionUID = 1L;

  static ScoredRecord of(int file, int position, GroundTruth truth, ImageDetections found) {
    return new ScoredRecord(file, position, null, Truth.of(truth), found == null ? null : Found.of(found));
  }

  static ScoredRecord problem(int file, int position, String problem) {
    return new ScoredRecord(file, position, problem, null, null);
  }

  /** {@link GroundTruth}'s fields, serializable. */
  record Truth(String sourceId, int width, int height, float[][] boxes, int[] classes, boolean[] difficult)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    static Truth of(GroundTruth t) {
      return new Truth(t.sourceId(), t.width(), t.height(), t.boxes(), t.classes(), t.difficult());
    }

    GroundTruth value() {
      return new GroundTruth(sourceId, width, height, boxes, classes, difficult);
    }
  }

  /** {@link ImageDetections}' fields, serializable. */
  record Found(String imageId, float[][] boxes, float[] scores, int[] classes) implements Serializable {
    private static final long serialVersionUID = 1L;

    static Found of(ImageDetections d) {
      return new Found(d.imageId(), d.boxes(), d.scores(), d.classes());
    }

    ImageDetections value() {
      return new ImageDetections(imageId, boxes, scores, classes);
    }
  }
}
