package io.sparkrcnn.conversion.image;

/**
 * What a JPEG's marker segments say about it (frame size, components, coding), read without
 * decoding pixels. A file cut short, without a frame header or without an end-of-image marker
 * is refused: TensorFlow's {@code decode_jpeg} fails on those.
 */
public record JpegStructure(int width, int height, int components, boolean progressive, boolean arithmetic) {

  /** Scans the markers of a JPEG file. */
  public static JpegStructure scan(byte[] b) throws ImageDecodeException {
    if (ImageFormat.sniff(b) != ImageFormat.JPEG) {
      throw new ImageDecodeException("not a JPEG (no start-of-image marker)");
    }
    int pos = 2;
    JpegStructure frame = null;
    boolean sawScan = false;
    while (true) {
      if (pos >= b.length) {
        throw new ImageDecodeException("truncated JPEG (no end-of-image marker)");
      }
      if ((b[pos] & 0xFF) != 0xFF) {
        throw new ImageDecodeException("corrupt JPEG (bytes where a marker should be at offset " + pos + ")");
      }
      while (pos < b.length && (b[pos] & 0xFF) == 0xFF) {
        pos++; // fill bytes
      }
      if (pos >= b.length) {
        throw new ImageDecodeException("truncated JPEG (no end-of-image marker)");
      }
      int marker = b[pos] & 0xFF;
      pos++;
      if (marker == 0xD9) {
        break;
      }
      if ((marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
        continue; // restart markers and TEM carry no length
      }
      if (pos + 2 > b.length) {
        throw new ImageDecodeException("truncated JPEG (marker segment cut short)");
      }
      int length = ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
      if (length < 2 || pos + length > b.length) {
        throw new ImageDecodeException("truncated JPEG (marker segment cut short)");
      }
      if (isFrameMarker(marker)) {
        if (length < 8) {
          throw new ImageDecodeException("corrupt JPEG (frame header too short)");
        }
        int height = ((b[pos + 3] & 0xFF) << 8) | (b[pos + 4] & 0xFF);
        int width = ((b[pos + 5] & 0xFF) << 8) | (b[pos + 6] & 0xFF);
        int components = b[pos + 7] & 0xFF;
        boolean progressive = marker == 0xC2 || marker == 0xC6 || marker == 0xCA || marker == 0xCE;
        boolean arithmetic = marker >= 0xC9;
        frame = new JpegStructure(width, height, components, progressive, arithmetic);
      }
      pos += length;
      if (marker == 0xDA) {
        if (frame == null) {
          throw new ImageDecodeException("corrupt JPEG (scan before frame header)");
        }
        sawScan = true;
        pos = skipEntropyCodedData(b, pos);
      }
    }
    if (frame == null || !sawScan) {
      throw new ImageDecodeException("corrupt JPEG (no frame header or no image data)");
    }
    if (frame.width == 0 || frame.height == 0) {
      throw new ImageDecodeException("unsupported JPEG (zero width or height in frame header)");
    }
    return frame;
  }

  private static boolean isFrameMarker(int m) {
    return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
  }

  /** Returns the offset of the next marker after entropy-coded data (0xFF followed by a non-stuffed byte). */
  private static int skipEntropyCodedData(byte[] b, int pos) {
    while (pos + 1 < b.length) {
      if ((b[pos] & 0xFF) == 0xFF) {
        int next = b[pos + 1] & 0xFF;
        if (next != 0x00 && !(next >= 0xD0 && next <= 0xD7) && next != 0xFF) {
          return pos;
        }
        if (next == 0xFF) {
          pos++;
          continue;
        }
      }
      pos++;
    }
    return b.length;
  }
}
