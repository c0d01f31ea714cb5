package io.sparkrcnn.model.rpn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.sparkrcnn.model.box.FasterRcnnBoxCoder;
import org.junit.jupiter.api.Test;

class ProposalGeneratorTest {
  private static final AnchorSet ANCHORS = new AnchorSet(
      new float[][] {{0, 0, 10, 10}, {0, 10, 10, 20}, {10, 0, 20, 10}}, new int[] {0, 1, 2});

  @Test
  void onlyScoresStrictlyAboveTheThresholdAreProposedAsInNonMaxSuppressionV5() {
    // Logit 0 is score 0.5 exactly: at threshold 0.5 it goes; a logit just above 0 stays, one below goes.
    var outputs = new RpnOutputs(new double[] {0, 1e-6, -1e-6}, new double[3][4]);
    var generator = new ProposalGenerator(FasterRcnnBoxCoder.withDefaultScales(), 0.7, 0.5, 10, 20);
    var p = generator.propose(ANCHORS, outputs);
    assertArrayEquals(new float[][] {{0, 10, 10, 20}}, p.boxes());
    assertArrayEquals(new float[] {0.5f}, p.scores(), 1e-6f);
  }
}
