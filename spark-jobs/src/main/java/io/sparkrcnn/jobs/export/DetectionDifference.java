package io.sparkrcnn.jobs.export;

import io.sparkrcnn.model.detector.ImageDetections;
import java.util.List;

/**
 * How far one model's detections are from another's on the same images: the largest absolute difference of box
 * coordinates (normalised) and of scores over detections matched by rank (the k-th of one with the k-th of the
 * other), and whether every image has as many detections with the same classes in the same order. Images that
 * either model could not read (null) are left out.
 */
public record DetectionDifference(double boxes, double scores, boolean classesAgree) {
  /** The difference of {@code other}'s detections from {@code reference}'s, image by image in one order. */
  public static DetectionDifference between(List<ImageDetections> reference, List<ImageDetections> other) {
    if (reference.size() != other.size()) {
      throw new IllegalArgumentException(reference.size() + " images against " + other.size());
    }
    double boxes = 0;
    double scores = 0;
    boolean agree = true;
    for (int i = 0; i < reference.size(); i++) {
      ImageDetections a = reference.get(i);
      ImageDetections b = other.get(i);
      if (a == null || b == null) {
        agree &= a == b;
        continue;
      }
      int n = Math.min(a.scores().length, b.scores().length);
      agree &= a.scores().length == b.scores().length;
      for (int j = 0; j < n; j++) {
        scores = Math.max(scores, Math.abs(a.scores()[j] - b.scores()[j]));
        agree &= a.classes()[j] == b.classes()[j];
        for (int c = 0; c < 4; c++) {
          boxes = Math.max(boxes, Math.abs(a.boxes()[j][c] - b.boxes()[j][c]));
        }
      }
    }
    return new DetectionDifference(boxes, scores, agree);
  }
}
