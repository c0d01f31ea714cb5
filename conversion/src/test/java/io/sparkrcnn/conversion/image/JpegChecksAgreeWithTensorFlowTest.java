package io.sparkrcnn.conversion.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.conversion.testing.TensorFlowDecoder;
import io.sparkrcnn.conversion.testing.TestImages;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The structure check (the default) refuses exactly what TensorFlow's decode_jpeg refuses among the
 * damaged files datasets contain, and what it keeps decodes to the size it declares.
 */
class JpegChecksAgreeWithTensorFlowTest {
  static Stream<Arguments> files() throws Exception {
    byte[] small = TestImages.jpeg(64, 48);
    byte[] big = JpegNormalizer.encodeJpeg(TestImages.picture(400, 300, BufferedImage.TYPE_INT_RGB), 0.9f);
    byte[] flipped = big.clone();
    for (int i = big.length / 2; i < big.length / 2 + 20; i++) {
      flipped[i] ^= 0x5a;
    }
    byte[] trailing = Arrays.copyOf(small, small.length + 100);
    byte[] progressive = TestImages.progressiveJpeg(200, 150);
    int secondScan = TestImages.indexOfMarker(progressive, 0xDA, 2);
    byte[] cutAfterFirstScanWithComment = concat(Arrays.copyOf(progressive, secondScan),
        new byte[] {(byte) 0xFF, (byte) 0xFE, 0x00, 0x04, (byte) 0xFF, (byte) 0xD9});
    return Stream.of(
        Arguments.of("sound", small),
        Arguments.of("baseline 400x300", big),
        Arguments.of("truncated to half", TestImages.truncated(big)),
        Arguments.of("truncated to 90%", Arrays.copyOf(big, big.length * 9 / 10)),
        Arguments.of("only the end-of-image marker missing", Arrays.copyOf(small, small.length - 2)),
        Arguments.of("end-of-image inside the scan", TestImages.earlyEndOfImage(big)),
        Arguments.of("20 corrupted bytes in the scan", flipped),
        Arguments.of("zero bytes after the end", trailing),
        Arguments.of("CMYK", TestImages.cmykJpeg(32, 32)),
        Arguments.of("progressive", progressive),
        Arguments.of("progressive cut after its first scan, a comment holding FFD9 after it",
            cutAfterFirstScanWithComment),
        Arguments.of("stray zero bytes before a marker", insertAfterApp0(small, new byte[] {0, 0})),
        Arguments.of("a stuffed FF00 before a marker", insertAfterApp0(small, new byte[] {(byte) 0xFF, 0})),
        Arguments.of("a comment segment holding FFD9", insertAfterApp0(small,
            new byte[] {(byte) 0xFF, (byte) 0xFE, 0x00, 0x06, (byte) 0xFF, (byte) 0xD9, 0x41, 0x42})));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Inserts bytes right after the JFIF APP0 segment (before the quantisation tables). */
  private static byte[] insertAfterApp0(byte[] jpeg, byte[] extra) {
    int app0Length = ((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF);
    int at = 4 + app0Length;
    byte[] out = new byte[jpeg.length + extra.length];
    System.arraycopy(jpeg, 0, out, 0, at);
    System.arraycopy(extra, 0, out, at, extra.length);
    System.arraycopy(jpeg, at, out, at + extra.length, jpeg.length - at);
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void structureCheckRefusesWhatTensorFlowRefuses(String name, byte[] bytes) {
    Optional<long[]> tf = TensorFlowDecoder.decodedSize(bytes);
    boolean kept;
    JpegStructure s = null;
    try {
      s = JpegStructure.scan(bytes);
      kept = true;
    } catch (ImageDecodeException e) {
      kept = false;
    }
    assertEquals(tf.isPresent(), kept, name + ": TensorFlow " + (tf.isPresent() ? "decodes" : "refuses") + " it");
    if (kept) {
      assertArrayEquals(new long[] {s.height(), s.width()}, tf.get(), "declared size = decoded size");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void whatTheNormalizerWritesTensorFlowDecodes(String name, byte[] bytes) {
    for (boolean verify : new boolean[] {false, true}) {
      try {
        NormalizedImage n = new JpegNormalizer(verify, 0.9f).normalize(bytes);
        Optional<long[]> tf = TensorFlowDecoder.decodedSize(n.jpeg());
        assertTrue(tf.isPresent(), name);
        assertArrayEquals(new long[] {n.height(), n.width()}, tf.get(), name);
      } catch (ImageDecodeException refused) {
        assertFalse(name.equals("sound"), "a sound JPEG is never refused");
      }
    }
  }
}
