package io.sparkrcnn.io.fs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Text files a user wrote or edited (example lists, label maps, pipeline configs, detections), read as
 * UTF-8 without the byte-order mark some editors put first: left in, it would become part of the first
 * id, field name or line.
 */
public final class UserText {
  private static final char BYTE_ORDER_MARK = '\uFEFF';

  private UserText() {}

  /** The bytes as UTF-8 text, a leading byte-order mark removed. */
  public static String decode(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    return !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? text.substring(1) : text;
  }

  /** A UTF-8 reader over {@code in} that skips a leading byte-order mark. */
  public static BufferedReader reader(InputStream in) throws IOException {
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    r.mark(1);
    int first = r.read();
    if (first != BYTE_ORDER_MARK && first != -1) {
      r.reset();
    }
    return r;
  }
}
