package io.sparkrcnn.model.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class KeepAspectRatioResizerTest {
  private final KeepAspectRatioResizer pets = new KeepAspectRatioResizer(600, 1024);

  @Test
  void shortSideGoesToMinDimension() {
    // scale 600 / 300 = 2: 300x500 -> 600x1000, under 1024.
    assertArrayEquals(new int[] {600, 1000}, pets.resizedSize(300, 500));
    assertArrayEquals(new int[] {1000, 600}, pets.resizedSize(500, 300));
  }

  @Test
  void longSideCapsAtMaxDimension() {
    // 600 / 600 = 1 would make the long side 2000 > 1024: scale 1024 / 2000 = 0.512, 600 * 0.512 = 307.2.
    assertArrayEquals(new int[] {307, 1024}, pets.resizedSize(600, 2000));
  }

  @Test
  void squareAtItsOwnSizeIsKept() {
    assertArrayEquals(new int[] {128, 128}, new KeepAspectRatioResizer(128, 128).resizedSize(128, 128));
  }

  @Test
  void tinyImages() {
    // 1x3: scale 600 -> 1800 > 1024, so 1024 / 3: 341.33 x 1024.
    assertArrayEquals(new int[] {341, 1024}, pets.resizedSize(1, 3));
    // 1000x1 into 2..4: 4 x round(0.004) = 0, kept at 1.
    assertArrayEquals(new int[] {4, 1}, new KeepAspectRatioResizer(2, 4).resizedSize(1000, 1));
  }

  @Test
  void roundsHalfToEvenAsPython() {
    // 2x3 with min 3: scale 1.5, width 4.5 -> 4 (Python's round), not 5.
    assertArrayEquals(new int[] {3, 4}, new KeepAspectRatioResizer(3, 10).resizedSize(2, 3));
    // 2x5: width 7.5 -> 8.
    assertArrayEquals(new int[] {3, 8}, new KeepAspectRatioResizer(3, 10).resizedSize(2, 5));
  }

  @Test
  void refusesBadSettingsAndSizes() {
    assertThrows(IllegalArgumentException.class, () -> new KeepAspectRatioResizer(0, 10));
    assertThrows(IllegalArgumentException.class, () -> new KeepAspectRatioResizer(600, 500));
    assertThrows(IllegalArgumentException.class, () -> pets.resizedSize(0, 10));
  }
}
