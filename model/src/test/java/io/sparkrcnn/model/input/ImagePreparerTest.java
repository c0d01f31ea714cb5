package io.sparkrcnn.model.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.model.box.CanvasBoxes;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import org.junit.jupiter.api.Test;

class ImagePreparerTest {
  private static final float[] MEANS = {123.68f, 116.779f, 103.939f};

  /** The value at canvas (y, x) of channel c. */
  private static float at(PreparedImage img, int c, int y, int x) {
    int s = img.canvasSize();
    return img.pixels()[c * s * s + y * s + x];
  }

  private static void assertColour(PreparedImage img, int y, int x, Color expected, float tolerance) {
    int[] rgb = {expected.getRed(), expected.getGreen(), expected.getBlue()};
    for (int c = 0; c < 3; c++) {
      assertEquals(rgb[c] - MEANS[c], at(img, c, y, x), tolerance, "channel " + c + " at (" + y + ", " + x + ")");
    }
  }

  @Test
  void boxesEndInCanvasPixelsOfTheResizedImage() throws Exception {
    // 60 wide, 40 high into 80..200: scale 2 -> 80 x 120 on a 200 canvas.
    byte[] png = TestRecords.encode(TestRecords.solid(60, 40, Color.GRAY), "png");
    byte[] rec = TestRecords.record("cat_1", png, 60, 40, new float[][] {{0.25f, 0.1f, 0.75f, 0.5f}}, new int[] {7});
    PreparedImage img = new ImagePreparer(new KeepAspectRatioResizer(80, 200)).prepare(rec, false);
    assertEquals("cat_1", img.sourceId());
    assertEquals(200, img.canvasSize());
    assertEquals(3 * 200 * 200, img.pixels().length);
    assertEquals(80, img.resizedHeight());
    assertEquals(120, img.resizedWidth());
    assertEquals(40, img.originalHeight());
    assertEquals(60, img.originalWidth());
    assertEquals(1, img.boxes().length);
    assertArrayEquals(new float[] {20, 12, 60, 60}, img.boxes()[0], 1e-4f);
    assertArrayEquals(new int[] {7}, img.classes());
    assertArrayEquals(new float[] {0.25f, 0.1f, 0.75f, 0.5f},
        CanvasBoxes.normalised(img.boxes()[0], img.resizedHeight(), img.resizedWidth()), 1e-6f);
  }

  @Test
  void flipMirrorsPixelsAndBoxesWithinTheResizedImage() throws Exception {
    // 60 x 40, red left half, blue right half; no resize (min 40, max 64), canvas 64.
    byte[] png = TestRecords.encode(TestRecords.halves(60, 40, Color.RED, Color.BLUE), "png");
    byte[] rec = TestRecords.record("dog_2", png, 60, 40, new float[][] {{0.25f, 0.1f, 0.75f, 0.5f}}, new int[] {1});
    ImagePreparer preparer = new ImagePreparer(new KeepAspectRatioResizer(40, 64));

    PreparedImage plain = preparer.prepare(rec, false);
    assertColour(plain, 10, 5, Color.RED, 0);
    assertColour(plain, 10, 55, Color.BLUE, 0);
    assertArrayEquals(new float[] {10, 6, 30, 30}, plain.boxes()[0], 1e-4f);

    PreparedImage flipped = preparer.prepare(rec, true);
    assertColour(flipped, 10, 5, Color.BLUE, 0);
    assertColour(flipped, 10, 55, Color.RED, 0);
    for (int y = 0; y < 40; y++) {
      for (int x = 0; x < 60; x++) {
        for (int c = 0; c < 3; c++) {
          assertEquals(at(plain, c, y, 59 - x), at(flipped, c, y, x));
        }
      }
    }
    // x -> 60 - x, xmin and xmax swapped.
    assertArrayEquals(new float[] {10, 30, 30, 54}, flipped.boxes()[0], 1e-4f);
    // The padding (x >= 60) stays padding.
    assertEquals(0f, at(flipped, 0, 10, 60));
  }

  @Test
  void paddingIsExactlyZeroAndImageIsColourMinusMean() throws Exception {
    Color colour = new Color(200, 100, 50);
    byte[] png = TestRecords.encode(TestRecords.solid(30, 20, colour), "png");
    byte[] rec = TestRecords.record("x", png, 30, 20, new float[][] {{0.1f, 0.1f, 0.9f, 0.9f}}, new int[] {1});
    // 20 x 30 -> 32 x 48 on a 64 canvas.
    PreparedImage img = new ImagePreparer(new KeepAspectRatioResizer(32, 64)).prepare(rec, false);
    assertEquals(32, img.resizedHeight());
    assertEquals(48, img.resizedWidth());
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < 64; y++) {
        for (int x = 0; x < 64; x++) {
          boolean inside = y < 32 && x < 48;
          float expected = inside ? new int[] {200, 100, 50}[c] - MEANS[c] : 0f;
          assertEquals(expected, at(img, c, y, x), "channel " + c + " at (" + y + ", " + x + ")");
        }
      }
    }
    assertEquals(200 - 123.68f, at(img, 0, 0, 0));
    assertEquals(100 - 116.779f, at(img, 1, 0, 0));
    assertEquals(50 - 103.939f, at(img, 2, 0, 0));
  }

  @Test
  void grayscaleIsRepeatedOnThreeChannelsUnchanged() throws Exception {
    BufferedImage gray = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster r = gray.getRaster();
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        r.setSample(x, y, 0, 100);
      }
    }
    byte[] rec = TestRecords.record("g", TestRecords.encode(gray, "png"), 16, 16,
        new float[][] {{0.1f, 0.1f, 0.9f, 0.9f}}, new int[] {1});
    PreparedImage img = new ImagePreparer(new KeepAspectRatioResizer(16, 16)).prepare(rec, false);
    for (int c = 0; c < 3; c++) {
      assertEquals(100 - MEANS[c], at(img, c, 8, 8));
    }
  }

  @Test
  void decodesJpeg() throws Exception {
    byte[] rec = TestRecords.jpegRecord("j", 64, 48);
    PreparedImage img = new ImagePreparer(new KeepAspectRatioResizer(24, 40)).prepare(rec, false);
    // 48 x 64 -> 24 x 32.
    assertEquals(24, img.resizedHeight());
    assertEquals(32, img.resizedWidth());
    assertColour(img, 12, 4, Color.RED, 12);
    assertColour(img, 12, 28, Color.BLUE, 12);
    assertEquals(0f, at(img, 1, 30, 30));
  }

  @Test
  void zeroAreaBoxesAreDroppedWithTheirClasses() throws Exception {
    byte[] png = TestRecords.encode(TestRecords.solid(20, 20, Color.GRAY), "png");
    byte[] rec = TestRecords.record("z", png, 20, 20,
        new float[][] {{0.5f, 0.2f, 0.5f, 0.4f}, {0.1f, 0.1f, 0.6f, 0.6f}}, new int[] {3, 4});
    PreparedImage img = new ImagePreparer(new KeepAspectRatioResizer(20, 20)).prepare(rec, false);
    assertEquals(1, img.boxes().length);
    assertArrayEquals(new int[] {4}, img.classes());
    // The second object of TestRecords.record is difficult.
    assertArrayEquals(new boolean[] {true}, img.difficult());
    assertArrayEquals(new float[] {2, 2, 12, 12}, img.boxes()[0], 1e-4f);
  }

  @Test
  void unusableRecordsAreRefusedNamingTheSourceId() {
    ImagePreparer preparer = new ImagePreparer(new KeepAspectRatioResizer(20, 20));
    UnusableRecordException e = assertThrows(UnusableRecordException.class,
        () -> preparer.prepare(TestRecords.corruptRecord("broken_7"), false));
    assertTrue(e.getMessage().contains("broken_7"), e.getMessage());
    assertThrows(UnusableRecordException.class, () -> preparer.prepare(new byte[] {1, 2, 3, 4, 5}, false));
  }
}
