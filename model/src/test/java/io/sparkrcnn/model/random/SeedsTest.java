package io.sparkrcnn.model.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SeedsTest {
  @Test
  void oneZeroPartIsSplitMix64sFirstOutputForSeedZero() {
    // SplitMix64 seeded with 0: its first output is finalise(0x9E3779B97F4A7C15) = 0xE220A8397B1DCDAF
    assertEquals(0xE220A8397B1DCDAFL, Seeds.mix(0));
    assertEquals(new SplittableRandom(0).nextLong(), Seeds.mix(0));
    assertEquals(Seeds.finalise(0x9E3779B97F4A7C15L ^ 5), Seeds.mix(5));
  }

  @Test
  void partsAreMixedInOrderFromTheFirstOnesResult() {
    long first = Seeds.mix(42);
    assertEquals(Seeds.finalise((first + 0x9E3779B97F4A7C15L) ^ 7), Seeds.mix(42, 7));
    assertNotEquals(Seeds.mix(42, 7), Seeds.mix(7, 42));
    assertNotEquals(Seeds.mix(42), Seeds.mix(42, 0), "a trailing zero part still changes the seed");
  }

  @Test
  void neighbouringStreamsGetDistinctSeeds() {
    Set<Long> seen = new HashSet<>();
    for (long seed = 0; seed < 4; seed++) {
      for (long iteration = 0; iteration < 50; iteration++) {
        for (long image = 0; image < 8; image++) {
          seen.add(Seeds.mix(seed, iteration, image));
        }
      }
    }
    assertEquals(4 * 50 * 8, seen.size());
  }
}
