package io.sparkrcnn.conversion.image;

/** An image container recognised by its leading bytes, whatever the file is called. */
public enum ImageFormat {
  JPEG, PNG, GIF, BMP, WEBP, TIFF, UNKNOWN;

  /** Recognises the format from the first bytes of the file. */
  public static ImageFormat sniff(byte[] b) {
    if (startsWith(b, 0xFF, 0xD8, 0xFF)) {
      return JPEG;
    }
    if (startsWith(b, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return PNG;
    }
    if (startsWith(b, 'G', 'I', 'F', '8')) {
      return GIF;
    }
    if (startsWith(b, 'B', 'M')) {
      return BMP;
    }
    if (startsWith(b, 'R', 'I', 'F', 'F') && b.length >= 12 && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
      return WEBP;
    }
    if (startsWith(b, 'I', 'I', 0x2A, 0x00) || startsWith(b, 'M', 'M', 0x00, 0x2A)) {
      return TIFF;
    }
    return UNKNOWN;
  }

  private static boolean startsWith(byte[] b, int... prefix) {
    if (b.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((b[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
