package io.sparkrcnn.model.rpn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkrcnn.model.box.FasterRcnnBoxCoder;
import org.junit.jupiter.api.Test;

/**
 * Two images of a 1×2 grid with one anchor per cell, the first-stage channels after one feature channel: channel 0
 * feature, 1 objectness, 2–5 box codes.
 */
class BatchProposerTest {
  private static final AnchorSet ANCHORS = new AnchorSet(new float[][] {{0, 0, 10, 10}, {0, 10, 10, 20}},
      new int[] {0, 1});

  /** {@code [2, 6, 1, 2]} row-major: per image, per channel, the two cells. */
  private static double[] activations(double[] logits0, double[] logits1, double ty1) {
    double[] a = new double[2 * 6 * 2];
    for (int i = 0; i < 2; i++) {
      double[] logits = i == 0 ? logits0 : logits1;
      a[i * 12 + 2] = logits[0];
      a[i * 12 + 3] = logits[1];
    }
    a[12 + 4 + 1] = ty1; // image 1, channel 2 (ty), cell 1
    return a;
  }

  private static BatchProposer proposer(int maxProposals) {
    return new BatchProposer(new ProposalGenerator(FasterRcnnBoxCoder.withDefaultScales(), 0.7, 0, maxProposals, 20),
        1, 1);
  }

  @Test
  void eachImageGetsItsDecodedAnchorsBestFirst() {
    // image 1's second anchor moves down by ty / 10 × height = 15 px, then is clipped to the 20-pixel canvas
    float[][][] p = proposer(10).propose(activations(new double[] {2, 1}, new double[] {-1, 3}, 15), 2, 6, 1, 2,
        ANCHORS);
    assertEquals(2, p.length);
    assertArrayEquals(new float[][] {{0, 0, 10, 10}, {0, 10, 10, 20}}, p[0]);
    assertArrayEquals(new float[][] {{15, 10, 20, 20}, {0, 0, 10, 10}}, p[1]);
  }

  @Test
  void atMostMaxProposalsPerImage() {
    float[][][] p = proposer(1).propose(activations(new double[] {0, 1}, new double[] {1, 0}, 0), 2, 6, 1, 2, ANCHORS);
    assertArrayEquals(new float[][] {{0, 10, 10, 20}}, p[0]);
    assertArrayEquals(new float[][] {{0, 0, 10, 10}}, p[1]);
  }
}
