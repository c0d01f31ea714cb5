package io.sparkrcnn.model.target;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkrcnn.model.box.FasterRcnnBoxCoder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Targets of hand-made proposals: a batch large enough to take every candidate, so that no choice is random. */
class ProposalTargetsTest {
  private static final FasterRcnnBoxCoder CODER = FasterRcnnBoxCoder.withDefaultScales();
  private static final GroundTruthBoxes CAT = new GroundTruthBoxes(new float[][] {{0, 0, 10, 12}}, new int[] {2});
  private static final float[][] PROPOSALS = {{0, 0, 10, 10}, {20, 20, 30, 30}};

  private static ProposalTargets targets(boolean groundTruthAsProposals) {
    return new ProposalTargets(2, 0.5, 8, 0.5, groundTruthAsProposals, CODER);
  }

  @Test
  void proposalsMatchedAtPositiveIouGetTheClassAndCodesOfTheirObjectOthersAreBackground() {
    SampledRois s = targets(false).sample(new float[][][] {PROPOSALS}, new GroundTruthBoxes[] {CAT},
        i -> new SplittableRandom(i));
    assertEquals(2, s.size());
    assertArrayEquals(new int[] {0, 0}, s.image());
    // positives first: [0, 0, 10, 10] overlaps the cat at IoU 100 / 120 ≥ 0.5
    assertArrayEquals(new float[] {0, 0, 10, 10}, s.boxes()[0]);
    assertArrayEquals(new int[] {2, 0}, s.classes());
    // centres 5 → 6 px across a 10-px box: tx = 0.1 × 10; width 12 / 10: tw = 5 ln 1.2
    assertArrayEquals(new float[] {0, 1, 0, (float) (5 * Math.log(1.2))}, s.codes()[0], 1e-5f);
    assertArrayEquals(new float[4], s.codes()[1]);
  }

  @Test
  void groundTruthJoinsTheCandidatesAsAPerfectPositive() {
    SampledRois s = targets(true).sample(new float[][][] {PROPOSALS, {}},
        new GroundTruthBoxes[] {CAT, new GroundTruthBoxes(new float[0][], new int[0])}, i -> new SplittableRandom(i));
    assertEquals(3, s.size(), "the second image has neither proposals nor objects");
    assertArrayEquals(new int[] {2, 2, 0}, s.classes(), "two positives first, the proposal and the cat itself");
    int cat = s.boxes()[0][3] == 12 ? 0 : 1;
    assertArrayEquals(CAT.boxes()[0], s.boxes()[cat]);
    assertArrayEquals(new float[4], s.codes()[cat], 1e-5f);
  }

  @Test
  void aClassAboveTheModelsClassesIsRefused() {
    GroundTruthBoxes dog = new GroundTruthBoxes(new float[][] {{0, 0, 10, 10}}, new int[] {3});
    var e = assertThrows(IllegalArgumentException.class, () -> targets(true).sample(new float[][][] {PROPOSALS},
        new GroundTruthBoxes[] {dog}, i -> new SplittableRandom(i)));
    assertEquals("ground-truth class id 3 of image 0 is above num_classes 2; the records need a model with at least 3 "
        + "classes", e.getMessage());
  }
}
