package io.sparkrcnn.model.box;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class FasterRcnnBoxCoderTest {
  private final FasterRcnnBoxCoder coder = FasterRcnnBoxCoder.withDefaultScales();
  private final float[] anchor = {0, 0, 10, 10};
  private final float[] box = {2, 4, 6, 12};

  @Test
  void encodesByHand() {
    // Centres (5,5) -> (4,8); sizes 10x10 -> 4x8: [-1/10*10, 3/10*10, 5 ln 0.4, 5 ln 0.8].
    assertArrayEquals(new float[] {-1f, 3f, (float) (5 * Math.log(0.4)), (float) (5 * Math.log(0.8))},
        coder.encode(box, anchor), 1e-5f);
  }

  @Test
  void decodeInvertsEncode() {
    assertArrayEquals(box, coder.decode(coder.encode(box, anchor), anchor), 1e-4f);
    assertArrayEquals(anchor, coder.decode(new float[4], anchor), 1e-6f);
  }

  @Test
  void otherScaleFactorsScaleTheCode() {
    FasterRcnnBoxCoder unit = new FasterRcnnBoxCoder(1, 1, 1, 1);
    assertArrayEquals(new float[] {-0.1f, 0.3f, (float) Math.log(0.4), (float) Math.log(0.8)},
        unit.encode(box, anchor), 1e-5f);
  }
}
