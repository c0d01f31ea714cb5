package io.sparkrcnn.conversion.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The word-at-a-time scan for the end of a scan's data against the obvious byte-by-byte one. */
class EntropyScanTest {
  private static int naive(byte[] b, int pos) {
    while (pos + 1 < b.length) {
      if ((b[pos] & 0xFF) == 0xFF) {
        int next = b[pos + 1] & 0xFF;
        if (next != 0x00 && next != 0xFF && (next < 0xD0 || next > 0xD7)) {
          return pos;
        }
        pos += next == 0xFF ? 1 : 2;
      } else {
        pos++;
      }
    }
    return b.length;
  }

  @Test
  void findsTheSameMarkerAsAByteByByteScanOnRandomData() {
    Random r = new Random(7);
    int[] specials = {0x00, 0xFF, 0xD0, 0xD7, 0xD9, 0xC4, 0xDA, 0x01};
    for (int trial = 0; trial < 20_000; trial++) {
      byte[] b = new byte[1 + r.nextInt(64)];
      for (int i = 0; i < b.length; i++) {
        int kind = r.nextInt(10);
        b[i] = (byte) (kind < 3 ? 0xFF : kind < 5 ? specials[r.nextInt(specials.length)] : r.nextInt(256));
      }
      int start = r.nextInt(b.length);
      assertEquals(naive(b, start), JpegStructure.endOfEntropyCodedData(b, start), () -> java.util.HexFormat.of()
          .formatHex(b));
    }
  }

  @Test
  void handExamples() {
    byte[] data = {0x12, (byte) 0xFF, 0x00, 0x34, (byte) 0xFF, (byte) 0xD3, 0x56, 0x78, 0x11, 0x22, 0x33, 0x44,
        (byte) 0xFF, (byte) 0xFF, (byte) 0xD9};
    assertEquals(13, JpegStructure.endOfEntropyCodedData(data, 0), "stuffing and RST skipped; fill FF before D9");
    assertEquals(3, JpegStructure.endOfEntropyCodedData(new byte[] {1, 2, 3}, 0), "no marker: the end");
  }
}
