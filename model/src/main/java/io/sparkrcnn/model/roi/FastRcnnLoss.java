package io.sparkrcnn.model.roi;

import io.sparkrcnn.model.layers.SmoothL1;
import io.sparkrcnn.model.target.SampledRois;
import java.util.Map;

/**
 * The second stage's loss (torchvision's {@code fastrcnn_loss}, the reference's {@code BoxClassifierLoss}): per
 * sampled RoI, {@code classificationWeight} × softmax cross-entropy of its K + 1 logits against its class plus, for a
 * positive RoI, {@code localizationWeight} × smooth-L1 of its true class's 4 codes against its code target; each
 * image's terms divided by its number of RoIs.
 */
public record FastRcnnLoss(int numClasses, double classificationWeight, double localizationWeight) {
  public static final String CLASSIFICATION = "Loss/BoxClassifierLoss/classification_loss";
  public static final String LOCALIZATION = "Loss/BoxClassifierLoss/localization_loss";

  /**
   * Per-image losses, the gradients of their sum with respect to the logits and codes (row-major as given), and
   * the two weighted components averaged over the batch's images (named as the reference's summaries).
   */
  public record Result(double[] perImage, double[] dLogits, double[] dCodes, Map<String, Double> components) {}

  /** The loss of R RoIs' {@code logits [R][K + 1]} and {@code codes [R][4K]} (row-major) over a batch of images. */
  public Result of(double[] logits, double[] codes, SampledRois rois, int images) {
    int k1 = numClasses + 1;
    double[] perImage = new double[images];
    int[] perImageCount = new int[images];
    for (int i : rois.image()) {
      perImageCount[i]++;
    }
    double[] dLogits = new double[logits.length];
    double[] dCodes = new double[codes.length];
    double classification = 0;
    double localization = 0;
    for (int r = 0; r < rois.size(); r++) {
      int i = rois.image()[r];
      double norm = perImageCount[i];
      int target = rois.classes()[r];
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < k1; k++) {
        max = Math.max(max, logits[r * k1 + k]);
      }
      double sum = 0;
      for (int k = 0; k < k1; k++) {
        sum += Math.exp(logits[r * k1 + k] - max);
      }
      double logSum = max + Math.log(sum);
      double ce = classificationWeight * (logSum - logits[r * k1 + target]) / norm;
      perImage[i] += ce;
      classification += ce;
      for (int k = 0; k < k1; k++) {
        double p = Math.exp(logits[r * k1 + k] - logSum);
        dLogits[r * k1 + k] = classificationWeight * (p - (k == target ? 1 : 0)) / norm;
      }
      if (target > 0) {
        for (int j = 0; j < 4; j++) {
          int at = r * 4 * numClasses + 4 * (target - 1) + j;
          double d = codes[at] - rois.codes()[r][j];
          double l1 = localizationWeight * SmoothL1.value(d) / norm;
          perImage[i] += l1;
          localization += l1;
          dCodes[at] = localizationWeight * SmoothL1.derivative(d) / norm;
        }
      }
    }
    return new Result(perImage, dLogits, dCodes,
        Map.of(CLASSIFICATION, classification / images, LOCALIZATION, localization / images));
  }
}
