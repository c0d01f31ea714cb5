package io.sparkrcnn.jobs.predict;

import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * What an input file is, decided from its first bytes and then its name: a TFRecord file when its first 12 bytes
 * are a record header (a length and its masked CRC32C, TensorFlow's framing) or it is GZIP; an image when it starts
 * with a JPEG, PNG, GIF or BMP signature; else by extension: an empty file without an image extension is an empty
 * TFRecord shard (convert writes such), a {@code .jpg/.jpeg/.png/.gif/.bmp} file is an image (one that will not
 * decode is skipped, with the decoder's reason), and anything else is neither.
 */
enum InputKind {
  IMAGE, TFRECORD, UNKNOWN;

  /** Bytes of a file's head that {@link #of} needs. */
  static final int HEAD = 12;

  static InputKind of(String fileName, byte[] head, int n) {
    if (isRecordHeader(head, n) || n >= 3 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b && head[2] == 8) {
      return TFRECORD;
    }
    if (starts(head, n, 0xFF, 0xD8, 0xFF) || starts(head, n, 0x89, 'P', 'N', 'G') || starts(head, n, 'G', 'I', 'F', '8')
        || starts(head, n, 'B', 'M')) {
      return IMAGE;
    }
    boolean imageName = hasImageExtension(fileName);
    if (n == 0 && !imageName) {
      return TFRECORD;
    }
    return imageName ? IMAGE : UNKNOWN;
  }

  static boolean hasImageExtension(String fileName) {
    return fileName.toLowerCase(Locale.ROOT).matches(".*\\.(jpe?g|png|gif|bmp)");
  }

  private static boolean isRecordHeader(byte[] head, int n) {
    if (n < HEAD) {
      return false;
    }
    CRC32C crc = new CRC32C();
    crc.update(head, 0, 8);
    long c = crc.getValue();
    int masked = (int) (((c >>> 15) | (c << 17)) + 0xa282ead8L);
    int stored = (head[8] & 0xff) | (head[9] & 0xff) << 8 | (head[10] & 0xff) << 16 | (head[11] & 0xff) << 24;
    return masked == stored;
  }

  private static boolean starts(byte[] head, int n, int... signature) {
    if (n < signature.length) {
      return false;
    }
    for (int i = 0; i < signature.length; i++) {
      if ((head[i] & 0xff) != signature[i]) {
        return false;
      }
    }
    return true;
  }
}
