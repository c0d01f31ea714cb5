package io.sparkrcnn.model.roi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkrcnn.model.anchors.AnchorGridSpec;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.regularization.L2Regularization;

/** The second-stage configuration is built once, every value given and checked. */
class BoxClassifierTest {
  private static BoxClassifierBuilder complete() {
    return BoxClassifier.builder()
        .anchors(new AnchorGridSpec(new double[] {1}, new double[] {1}, 32, 32, 0, 0, 64, true))
        .featureChannels(8).numClasses(3).head(4, 16).roiAlign(6, 2, 2).proposalNmsIou(0.7).proposalScoreThreshold(0)
        .maxProposals(20).batchSize(16).positiveFraction(0.25).positiveIou(0.5).groundTruthAsProposals(true)
        .lossWeights(1, 2).l2(0).seed(5);
  }

  private static void refused(String expected, UnaryOperator<BoxClassifierBuilder> change) {
    assertEquals(expected,
        assertThrows(IllegalArgumentException.class, () -> change.apply(complete()).build()).getMessage());
  }

  @Test
  void theBuiltConfigurationHasTheValuesGiven() {
    BoxClassifier b = complete().build();
    assertEquals(List.of(8, 3, 4, 16, 6, 2, 2, 20, 16), List.of(b.featureChannels(), b.numClasses(),
        b.reducedChannels(), b.hiddenUnits(), b.cropSize(), b.poolKernel(), b.poolStride(), b.maxProposals(),
        b.batchSize()));
    assertEquals(List.of(0.7, 0.0, 0.25, 0.5, 1.0, 2.0), List.of(b.proposalNmsIou(), b.proposalScoreThreshold(),
        b.positiveFraction(), b.positiveIou(), b.classificationWeight(), b.localizationWeight()));
    assertEquals(5, b.seed());
    assertEquals(3, b.pooledSize());
    assertEquals(4 + 3 + 1 + 4 * 3, b.valuesPerProposal());
    assertNull(b.getRegularization(), "no L2: the graph's own (none) applies");
    assertEquals(List.of(new L2Regularization(1e-4)), complete().l2(1e-4).build().getRegularization());
  }

  @Test
  void aValueNotGivenOrNonsenseIsRefusedNamingTheField() {
    assertEquals("BoxClassifier.anchors is not set",
        assertThrows(IllegalArgumentException.class, () -> BoxClassifier.builder().build()).getMessage());
    refused("BoxClassifier.numClasses is 0; it must be at least 1", b -> b.numClasses(0));
    refused("BoxClassifier.cropSize is 1; it must be at least 2", b -> b.roiAlign(1, 1, 1));
    refused("BoxClassifier.poolKernel is 8; it must be at most cropSize (6)", b -> b.roiAlign(6, 8, 2));
    refused("BoxClassifier.proposalScoreThreshold is 1.5; it must be in [0, 1]", b -> b.proposalScoreThreshold(1.5));
    refused("BoxClassifier.positiveFraction is 0.0; it must be in (0, 1]", b -> b.positiveFraction(0));
    refused("BoxClassifier.l2 is -1.0E-4; it must be 0 or more", b -> b.l2(-1e-4));
  }
}
