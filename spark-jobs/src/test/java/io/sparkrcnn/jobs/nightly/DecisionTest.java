package io.sparkrcnn.jobs.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DecisionTest {
  @Test
  void theFirstNightAlwaysPublishes() {
    assertEquals(new Decision(true, "nothing is published yet"), Decision.of(0.0, null, 1.0));
    assertTrue(Decision.of(Double.NaN, null, 0).publish());
  }

  @Test
  void aModelPublishesWhenItsMapReachesThePublishedOnePlusTheMinimumImprovement() {
    assertTrue(Decision.of(0.5, 0.5, 0).publish(), "not worse is enough by default");
    assertFalse(Decision.of(0.4999, 0.5, 0).publish());
    assertTrue(Decision.of(0.56, 0.5, 0.05).publish());
    assertFalse(Decision.of(0.54, 0.5, 0.05).publish());
    assertTrue(Decision.of(0.48, 0.5, -0.05).publish(), "a negative minimum tolerates a worse model");
    assertFalse(Decision.of(1.0, 0.0, 1.0 + 1e-9).publish());
  }

  @Test
  void anUnreachableMinimumNeverPublishesAndTheReasonGivesTheNumbers() {
    Decision d = Decision.of(0.7, 0.25, 1.0);
    assertFalse(d.publish());
    assertEquals("mAP@0.5 0.7000 < 1.2500 (published 0.2500 + min_improvement 1.0)", d.reason());
    assertEquals("mAP@0.5 0.3000 >= 0.2500 (published 0.2500 + min_improvement 0.0)",
        Decision.of(0.3, 0.25, 0).reason());
  }

  @Test
  void undefinedMapsNeverReplaceADefinedOne() {
    assertFalse(Decision.of(Double.NaN, 0.1, -1).publish());
    assertTrue(Decision.of(0.0, Double.NaN, 0.5).publish());
  }
}
