package io.sparkrcnn.model.rpn;

import io.sparkrcnn.model.box.FasterRcnnBoxCoder;
import io.sparkrcnn.model.box.NonMaxSuppression;

/**
 * First-stage proposals of one image, without gradient (the reference stops it too): anchor codes decoded, clipped
 * to the canvas, degenerate boxes and scores not strictly above {@code scoreThreshold} dropped, then non-maximum
 * suppression by objectness keeping at most {@code maxProposals}. Boxes are {@code [ymin, xmin, ymax, xmax]} canvas
 * pixels, best first.
 */
public record ProposalGenerator(FasterRcnnBoxCoder coder, double nmsIouThreshold, double scoreThreshold,
    int maxProposals, float canvasSize) {

  public record Proposals(float[][] boxes, float[] scores) {
    public int size() {
      return scores.length;
    }
  }

  public Proposals propose(AnchorSet anchors, RpnOutputs outputs) {
    int n = anchors.boxes().length;
    float[][] boxes = new float[n][];
    float[] scores = new float[n];
    int kept = 0;
    for (int i = 0; i < n; i++) {
      int k = anchors.index()[i];
      double score = 1 / (1 + Math.exp(-outputs.logits()[k]));
      // As TensorFlow's NonMaxSuppressionV5: only scores strictly above the threshold are candidates.
      if (!(score > scoreThreshold)) {
        continue;
      }
      double[] c = outputs.codes()[k];
      float[] b = coder.decode(new float[] {(float) c[0], (float) c[1], (float) c[2], (float) c[3]}, anchors.boxes()[i]);
      for (int j = 0; j < 4; j++) {
        b[j] = Float.isNaN(b[j]) ? 0 : Math.max(0, Math.min(canvasSize, b[j]));
      }
      if (b[2] - b[0] < 1e-3 || b[3] - b[1] < 1e-3) {
        continue;
      }
      boxes[kept] = b;
      scores[kept++] = (float) score;
    }
    float[][] candidates = java.util.Arrays.copyOf(boxes, kept);
    float[] candidateScores = java.util.Arrays.copyOf(scores, kept);
    int[] selected = NonMaxSuppression.select(candidates, candidateScores, nmsIouThreshold, maxProposals);
    float[][] outBoxes = new float[selected.length][];
    float[] outScores = new float[selected.length];
    for (int i = 0; i < selected.length; i++) {
      outBoxes[i] = candidates[selected[i]];
      outScores[i] = candidateScores[selected[i]];
    }
    return new Proposals(outBoxes, outScores);
  }
}
