package io.sparkrcnn.model.target;

import io.sparkrcnn.model.box.FasterRcnnBoxCoder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.random.RandomGenerator;

/**
 * The second stage's training targets (torchvision's {@code select_training_samples}): per image, its proposals,
 * joined by its ground-truth boxes when {@code groundTruthAsProposals}, matched to the ground truth at IoU ≥
 * {@code positiveIou} (no forced matches), {@code batchSize} of them sampled with at most {@code positiveFraction}
 * positives; each sampled RoI gets its class and box-code targets. No gradient flows through this choice.
 */
public record ProposalTargets(int numClasses, double positiveIou, int batchSize, double positiveFraction,
    boolean groundTruthAsProposals, FasterRcnnBoxCoder coder) {

  /**
   * The sampled RoIs of a batch from each image's proposals ({@code [ymin, xmin, ymax, xmax]} canvas pixels) and
   * ground truth, image {@code i} sampled with {@code randomOfImage.apply(i)}.
   */
  public SampledRois sample(float[][][] proposals, GroundTruthBoxes[] groundTruth,
      IntFunction<RandomGenerator> randomOfImage) {
    ArgMaxMatcher matcher = new ArgMaxMatcher(positiveIou, positiveIou, false);
    BalancedSampler sampler = new BalancedSampler(batchSize, positiveFraction);
    List<Integer> images = new ArrayList<>();
    List<float[]> boxes = new ArrayList<>();
    List<Integer> classes = new ArrayList<>();
    List<float[]> codes = new ArrayList<>();
    for (int i = 0; i < proposals.length; i++) {
      GroundTruthBoxes gt = groundTruth[i];
      for (int k : gt.classes()) {
        if (k > numClasses) { // its logits and box codes would be the next RoI's
          throw new IllegalArgumentException("ground-truth class id " + k + " of image " + i + " is above num_classes "
              + numClasses + "; the records need a model with at least " + k + " classes");
        }
      }
      List<float[]> candidates = new ArrayList<>(List.of(proposals[i]));
      if (groundTruthAsProposals) {
        candidates.addAll(List.of(gt.boxes()));
      }
      float[][] cand = candidates.toArray(float[][]::new);
      int[] matches = matcher.match(IouMatrix.of(cand, gt.boxes(), gt.size()), gt.size());
      for (int s : sampler.sample(matches, randomOfImage.apply(i))) {
        images.add(i);
        boxes.add(cand[s]);
        int m = matches[s];
        classes.add(m >= 0 ? gt.classes()[m] : 0);
        codes.add(m >= 0 ? coder.encode(gt.boxes()[m], cand[s]) : new float[4]);
      }
    }
    return new SampledRois(images.stream().mapToInt(Integer::intValue).toArray(), boxes.toArray(float[][]::new),
        classes.stream().mapToInt(Integer::intValue).toArray(), codes.toArray(float[][]::new));
  }
}
