package io.sparkrcnn.model.rpn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkrcnn.model.anchors.AnchorGridSpec;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The RPN loss configuration is built once, every value given and checked. */
class RpnLossTest {
  private static final AnchorGridSpec ANCHORS =
      new AnchorGridSpec(new double[] {1}, new double[] {1}, 32, 32, 0, 0, 64, true);

  private static RpnLossBuilder complete() {
    return RpnLoss.builder().anchors(ANCHORS).minibatchSize(256).positiveFraction(0.5).matchIou(0.7, 0.3)
        .lossWeights(1, 2).seed(7);
  }

  private static void refused(String expected, UnaryOperator<RpnLossBuilder> change) {
    assertEquals(expected,
        assertThrows(IllegalArgumentException.class, () -> change.apply(complete()).build()).getMessage());
  }

  @Test
  void theBuiltConfigurationHasTheValuesGiven() {
    RpnLoss r = complete().build();
    assertEquals(256, r.minibatchSize());
    assertEquals(0.5, r.positiveFraction());
    assertEquals(0.7, r.positiveIou());
    assertEquals(0.3, r.negativeIou());
    assertEquals(1, r.objectnessWeight());
    assertEquals(2, r.localizationWeight());
    assertEquals(7, r.seed());
    assertEquals(ANCHORS, r.anchors());
  }

  @Test
  void aValueNotGivenOrNonsenseIsRefusedNamingTheField() {
    assertEquals("RpnLoss.seed is not set", assertThrows(IllegalArgumentException.class,
        () -> RpnLoss.builder().anchors(ANCHORS).minibatchSize(1).positiveFraction(1).matchIou(0.7, 0.3)
            .lossWeights(1, 1).build()).getMessage());
    refused("RpnLoss.anchors is not set", b -> b.anchors(null));
    refused("RpnLoss.minibatchSize is 0; it must be at least 1", b -> b.minibatchSize(0));
    refused("RpnLoss.positiveFraction is 0.0; it must be in (0, 1]", b -> b.positiveFraction(0));
    refused("RpnLoss.positiveIou is 1.5; it must be in (0, 1]", b -> b.matchIou(1.5, 0.3));
    refused("RpnLoss.negativeIou is 0.8; it must be at most positiveIou (0.7)", b -> b.matchIou(0.7, 0.8));
    refused("RpnLoss.localizationWeight is -1.0; it must be 0 or more", b -> b.lossWeights(1, -1));
  }
}
