package io.sparkrcnn.io.tfrecord;

import java.util.Locale;

/** TFRecord file compression, as TensorFlow's {@code compression_type} ('' or 'GZIP'). */
public enum Compression {
  NONE, GZIP;

  public static Compression parse(String flag) {
    try {
      return valueOf(flag.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--compression must be none or gzip, got '" + flag + "'");
    }
  }
}
