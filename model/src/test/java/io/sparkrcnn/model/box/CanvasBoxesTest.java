package io.sparkrcnn.model.box;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class CanvasBoxesTest {
  @Test
  void canvasPixelsBecomeFractionsOfTheResizedImage() {
    // an image resized to 80 high × 120 wide: y by 80, x by 120, whatever the canvas around it
    assertArrayEquals(new float[] {0.25f, 0.1f, 0.75f, 0.5f},
        CanvasBoxes.normalised(new float[] {20, 12, 60, 60}, 80, 120), 1e-7f);
    assertArrayEquals(new float[] {0, 0, 1, 1}, CanvasBoxes.normalised(new float[] {0, 0, 80, 120}, 80, 120));
  }

  @Test
  void theInputBoxIsLeftAlone() {
    float[] box = {10, 30, 40, 90};
    assertArrayEquals(new float[] {0.25f, 0.375f, 1, 1.125f}, CanvasBoxes.normalised(box, 40, 80), 1e-7f);
    assertArrayEquals(new float[] {10, 30, 40, 90}, box);
  }
}
