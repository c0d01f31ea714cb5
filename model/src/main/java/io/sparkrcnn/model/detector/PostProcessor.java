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
   * Post-processes one image's slots of the box classifier's inference output ({@code slots × (4 + K + 1 + 4K)}
   * values from {@code offset}: proposal box in canvas pixels, class probabilities, box codes). The image
   * occupies {@code resizedHeight × resizedWidth} canvas pixels at the top left.
   */
  public Detections process(double[] output, int offset, int slots, int resizedHeight, int resizedWidth) {
    int per = 4 + numClasses + 1 + 4 * numClasses;
    List<Candidate> all = new ArrayList<>();
    for (int k = 1; k <= numClasses; k++) {
      List<float[]> boxes = new ArrayList<>();
      List<Float> scores = new ArrayList<>();
      for (int s = 0; s < slots; s++) {
        int at = offset + s * per;
        float[] proposal = {(float) output[at], (float) output[at + 1], (float) output[at + 2], (float) output[at + 3]};
        if (proposal[2] <= proposal[0] || proposal[3] <= proposal[1]) {
          continue;
        }
        double score = output[at + 4 + k];
        if (!(score > scoreThreshold)) {
          continue;
        }
        int c = at + 4 + numClasses + 1 + 4 * (k - 1);
        float[] box = CODER.decode(new float[] {(float) output[c], (float) output[c + 1], (float) output[c + 2],
            (float) output[c + 3]}, proposal);
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
