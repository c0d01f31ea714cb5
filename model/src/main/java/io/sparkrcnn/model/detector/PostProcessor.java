package io.sparkrcnn.model.detector;

import io.sparkrcnn.model.box.CanvasBoxes;
import io.sparkrcnn.model.box.FasterRcnnBoxCoder;
import io.sparkrcnn.model.box.NonMaxSuppression;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The reference's second-stage post-processing: softmax class scores per proposal, per-class box decoding,
 * clipping to the image window, score threshold, per-class non-maximum suppression (at most
 * {@code maxPerClass}), then the best {@code maxTotal} over all classes.
 */
public record PostProcessor(int numClasses, double scoreThreshold, double iouThreshold, int maxPerClass,
    int maxTotal) {
  private static final FasterRcnnBoxCoder CODER = FasterRcnnBoxCoder.withDefaultScales();

  /** Detections of one image: boxes {@code [ymin, xmin, ymax, xmax]} normalised to the image, classes from 1. */
  public record Detections(float[][] boxes, float[] scores, int[] classes) {}

  private record Candidate(float[] box, float score, int cls) {}

  /**
   * Post-processes image {@code image} of the second stage's output. The image occupies {@code resizedHeight ×
   * resizedWidth} canvas pixels at the top left.
   */
  public Detections process(SecondStageOutput.Reader output, int image, int resizedHeight, int resizedWidth) {
    if (output.layout().numClasses() != numClasses) {
      throw new IllegalArgumentException("output of " + output.layout().numClasses() + " classes, post-processing for "
          + numClasses);
    }
    List<Candidate> all = new ArrayList<>();
    for (int k = 1; k <= numClasses; k++) {
      List<float[]> boxes = new ArrayList<>();
      List<Float> scores = new ArrayList<>();
      for (int s = 0; s < output.layout().slots(); s++) {
        float[] proposal = output.box(image, s);
        if (proposal[2] <= proposal[0] || proposal[3] <= proposal[1]) {
          continue;
        }
        double score = output.probability(image, s, k);
        if (!(score > scoreThreshold)) {
          continue;
        }
        float[] box = CODER.decode(output.codes(image, s, k), proposal);
        box[0] = clamp(box[0], resizedHeight);
        box[1] = clamp(box[1], resizedWidth);
        box[2] = clamp(box[2], resizedHeight);
        box[3] = clamp(box[3], resizedWidth);
        if (box[2] <= box[0] || box[3] <= box[1]) {
          continue;
        }
        boxes.add(box);
        scores.add((float) score);
      }
      float[][] b = boxes.toArray(float[][]::new);
      float[] sc = new float[scores.size()];
      for (int i = 0; i < sc.length; i++) {
        sc[i] = scores.get(i);
      }
      for (int i : NonMaxSuppression.select(b, sc, iouThreshold, maxPerClass)) {
        all.add(new Candidate(b[i], sc[i], k));
      }
    }
    all.sort(Comparator.comparingDouble((Candidate c) -> -c.score()));
    int n = Math.min(maxTotal, all.size());
    float[][] boxes = new float[n][];
    float[] scores = new float[n];
    int[] classes = new int[n];
    for (int i = 0; i < n; i++) {
      Candidate c = all.get(i);
      boxes[i] = CanvasBoxes.normalised(c.box(), resizedHeight, resizedWidth);
      scores[i] = c.score();
      classes[i] = c.cls();
    }
    return new Detections(boxes, scores, classes);
  }

  private static float clamp(float v, int max) {
    return Float.isNaN(v) ? 0 : Math.max(0, Math.min(max, v));
  }
}
