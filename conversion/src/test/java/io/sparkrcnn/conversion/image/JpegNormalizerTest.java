package io.sparkrcnn.conversion.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.conversion.testing.TestImages;
import org.junit.jupiter.api.Test;

class JpegNormalizerTest {
  private final JpegNormalizer normalizer = new JpegNormalizer(true, 0.9f);

  @Test
  void aSoundRgbJpegIsKeptByteForByte() throws Exception {
    byte[] jpeg = TestImages.jpeg(40, 30);
    NormalizedImage n = normalizer.normalize(jpeg);
    assertArrayEquals(jpeg, n.jpeg());
    assertEquals(40, n.width());
    assertEquals(30, n.height());
    assertNull(n.reencodedBecause());
  }

  @Test
  void theFrameHeaderGivesSizeAndComponents() throws Exception {
    JpegStructure s = JpegStructure.scan(TestImages.jpeg(41, 17));
    assertEquals(41, s.width());
    assertEquals(17, s.height());
    assertEquals(3, s.components());
    assertEquals(4, JpegStructure.scan(TestImages.cmykJpeg(8, 8)).components());
  }

  @Test
  void cmykJpegsArereencodedToRgb() throws Exception {
    NormalizedImage n = normalizer.normalize(TestImages.cmykJpeg(24, 16));
    assertTrue(n.reencodedBecause().contains("CMYK"), n.reencodedBecause());
    JpegStructure s = JpegStructure.scan(n.jpeg());
    assertEquals(3, s.components());
    assertEquals(24, s.width());
    assertEquals(16, s.height());
  }

  @Test
  void pngGifAndRgbaContentUnderAJpegNameIsReencoded() throws Exception {
    for (byte[] bytes : new byte[][] {TestImages.rgbaPng(20, 10), TestImages.gif(20, 10)}) {
      NormalizedImage n = normalizer.normalize(bytes);
      assertTrue(n.reencodedBecause().contains("under a JPEG name"), n.reencodedBecause());
      assertEquals(ImageFormat.JPEG, ImageFormat.sniff(n.jpeg()));
      assertEquals(3, JpegStructure.scan(n.jpeg()).components());
      assertEquals(20, n.width());
    }
  }

  @Test
  void truncatedJpegsAreRefused() {
    ImageDecodeException e = assertThrows(ImageDecodeException.class,
        () -> normalizer.normalize(TestImages.truncated(TestImages.jpeg(64, 48))));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void damagedButCompleteImageDataIsKeptAndTheFullDecodeNotesIt() throws Exception {
    byte[] bad = TestImages.earlyEndOfImage(TestImages.jpeg(64, 48));
    NormalizedImage verified = normalizer.normalize(bad);
    assertArrayEquals(bad, verified.jpeg());
    assertTrue(verified.decodeWarning() != null, "the full decode reports the damage");
    NormalizedImage checked = new JpegNormalizer(false, 0.9f).normalize(bad);
    assertNull(checked.decodeWarning());
    assertEquals(64, checked.width());
  }

  @Test
  void unknownBytesAndEmptyFilesAreRefused() {
    assertThrows(ImageDecodeException.class, () -> normalizer.normalize("MATLAB 5.0 MAT-file".getBytes()));
    assertThrows(ImageDecodeException.class, () -> normalizer.normalize(new byte[0]));
  }
}
