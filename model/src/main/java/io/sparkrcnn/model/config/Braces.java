package io.sparkrcnn.model.config;

import java.util.ArrayDeque;
import java.util.Deque;

/** Finds the block a protobuf text file leaves open at its end (comments and quoted strings skipped). */
final class Braces {
  private Braces() {}

  /** "'NAME {' opened at line N" for the outermost block still open at the end of {@code text}, or null. */
  static String unclosed(String text) {
    Deque<String> open = new ArrayDeque<>();
    int line = 1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        line++;
      } else if (c == '#') {
        while (i + 1 < text.length() && text.charAt(i + 1) != '\n') {
          i++;
        }
      } else if (c == '"' || c == '\'') {
        for (i++; i < text.length() && text.charAt(i) != c && text.charAt(i) != '\n'; i++) {
          if (text.charAt(i) == '\\') {
            i++;
          }
        }
        if (i < text.length() && text.charAt(i) == '\n') {
          line++;
        }
      } else if (c == '{') {
        open.push("'" + nameBefore(text, i) + " {' opened at line " + line);
      } else if (c == '}' && !open.isEmpty()) {
        open.pop();
      }
    }
    return open.isEmpty() ? null : open.peekLast();
  }

  private static String nameBefore(String text, int brace) {
    int end = brace;
    while (end > 0 && (Character.isWhitespace(text.charAt(end - 1)) || text.charAt(end - 1) == ':')) {
      end--;
    }
    int start = end;
    while (start > 0 && (Character.isLetterOrDigit(text.charAt(start - 1)) || text.charAt(start - 1) == '_')) {
      start--;
    }
    return text.substring(start, end);
  }
}
