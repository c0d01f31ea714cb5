package io.sparkrcnn.conversion.image;

/**
 * What a JPEG's marker segments say about it (frame size, components, precision, coding), read
 * without decoding pixels. A file cut short, without a frame header or without an end-of-image
 * marker is refused: TensorFlow's {@code decode_jpeg} fails on exactly those, while it decodes
 * (with a warning) files whose scan data is damaged but complete.
 */
public record JpegStructure(int width, int height, int components, int precision, int frameMarker) {

  /** Huffman-coded 8-bit baseline, extended or progressive: what every JPEG decoder handles. */
  public boolean commonlyDecodable() {
    return precision == 8 && (frameMarker == 0xC0 || frameMarker == 0xC1 || frameMarker == 0xC2);
  }


  /**
   * Reads the marker segments up to the first scan (where the frame header is), then checks that
   * an end-of-image marker follows. Entropy-coded data never contains 0xFFD9 (0xFF is stuffed), so
   * the last 0xFFD9 after the first scan marks the end of the image; bytes after it are ignored, as
   * decoders do.
   */
  public static JpegStructure scan(byte[] b) throws ImageDecodeException {
    if (ImageFormat.sniff(b) != ImageFormat.JPEG) {
      throw new ImageDecodeException("not a JPEG (no start-of-image marker)");
    }
    int pos = 2;
    JpegStructure frame = null;
    while (true) {
      if (pos >= b.length) {
        throw new ImageDecodeException("truncated JPEG (no image data)");
      }
      if ((b[pos] & 0xFF) != 0xFF) {
        throw new ImageDecodeException("corrupt JPEG (bytes where a marker should be at offset " + pos + ")");
      }
      while (pos < b.length && (b[pos] & 0xFF) == 0xFF) {
        pos++; // fill bytes
      }
      if (pos >= b.length) {
        throw new ImageDecodeException("truncated JPEG (no image data)");
      }
      int marker = b[pos] & 0xFF;
      pos++;
      if (marker == 0xD9) {
        throw new ImageDecodeException("corrupt JPEG (end of image before any image data)");
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
        int precision = b[pos + 2] & 0xFF;
        int components = b[pos + 7] & 0xFF;
        frame = new JpegStructure(width, height, components, precision, marker);
      }
      pos += length;
      if (marker == 0xDA) {
        break;
      }
    }
    if (frame == null) {
      throw new ImageDecodeException("corrupt JPEG (image data before the frame header)");
    }
    if (!endsWithEndOfImage(b, pos)) {
      throw new ImageDecodeException("truncated JPEG (no end-of-image marker)");
    }
    if (frame.width == 0 || frame.height == 0) {
      throw new ImageDecodeException("unsupported JPEG (zero width or height in frame header)");
    }
    return frame;
  }

  private static boolean endsWithEndOfImage(byte[] b, int scanStart) {
    for (int i = b.length - 2; i >= scanStart; i--) {
      if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == 0xD9) {
        return true;
      }
    }
    return false;
  }

  private static boolean isFrameMarker(int m) {
    return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
  }
}
