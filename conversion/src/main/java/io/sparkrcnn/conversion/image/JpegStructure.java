package io.sparkrcnn.conversion.image;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

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
   * Walks the file as libjpeg does: stray bytes between segments are skipped (decoders warn and
   * go on), segments are skipped by their length (so an {@code 0xFFD9} inside a comment or an EXIF
   * thumbnail is not the end), entropy-coded data runs to the next real marker, and the image is
   * complete only when an end-of-image marker follows a scan.
   */
  public static JpegStructure scan(byte[] b) throws ImageDecodeException {
    if (ImageFormat.sniff(b) != ImageFormat.JPEG) {
      throw new ImageDecodeException("not a JPEG (no start-of-image marker)");
    }
    int pos = 2;
    JpegStructure frame = null;
    boolean sawScan = false;
    while (true) {
      while (pos < b.length && b[pos] != (byte) 0xFF) {
        pos++; // stray bytes before a marker
      }
      while (pos < b.length && b[pos] == (byte) 0xFF) {
        pos++; // fill bytes
      }
      if (pos >= b.length) {
        throw new ImageDecodeException(sawScan ? "truncated JPEG (no end-of-image marker)"
            : "truncated JPEG (no image data)");
      }
      int marker = b[pos] & 0xFF;
      pos++;
      if (marker == 0x00 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
        continue; // a stuffed zero or a restart marker out of place: skipped, as decoders do
      }
      if (marker == 0xD9) {
        if (!sawScan) {
          throw new ImageDecodeException("corrupt JPEG (end of image before any image data)");
        }
        break;
      }
      if (pos + 2 > b.length) {
        throw new ImageDecodeException("truncated JPEG (marker segment cut short)");
      }
      int length = ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
      if (length < 2 || pos + length > b.length) {
        throw new ImageDecodeException("truncated JPEG (marker segment cut short)");
      }
      if (isFrameMarker(marker) && frame == null) {
        if (length < 8) {
          throw new ImageDecodeException("corrupt JPEG (frame header too short)");
        }
        int precision = b[pos + 2] & 0xFF;
        int height = ((b[pos + 3] & 0xFF) << 8) | (b[pos + 4] & 0xFF);
        int width = ((b[pos + 5] & 0xFF) << 8) | (b[pos + 6] & 0xFF);
        int components = b[pos + 7] & 0xFF;
        frame = new JpegStructure(width, height, components, precision, marker);
      }
      pos += length;
      if (marker == 0xDA) {
        if (frame == null) {
          throw new ImageDecodeException("corrupt JPEG (image data before the frame header)");
        }
        sawScan = true;
        pos = endOfEntropyCodedData(b, pos);
      }
    }
    if (frame.width == 0 || frame.height == 0) {
      throw new ImageDecodeException("unsupported JPEG (zero width or height in frame header)");
    }
    return frame;
  }

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  /**
   * The offset of the marker that ends a scan's data: 0xFF not followed by 0x00 (stuffing), a
   * restart marker or another 0xFF. Eight bytes at a time while no 0xFF is in sight: this loop
   * runs over every byte of every image.
   */
  static int endOfEntropyCodedData(byte[] b, int pos) {
    int last = b.length - 1;
    while (pos < last) {
      while (pos + 8 <= b.length) {
        long inverted = ~(long) LONGS.get(b, pos); // 0xFF bytes become zero bytes
        if (((inverted - ONES) & ~inverted & HIGHS) != 0) {
          break;
        }
        pos += 8;
      }
      if (pos >= last) {
        break;
      }
      if (b[pos] == (byte) 0xFF) {
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

  private static boolean isFrameMarker(int m) {
    return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
  }
}
