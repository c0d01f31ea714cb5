package io.sparkrcnn.io.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UserTextTest {
  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aLeadingByteOrderMarkIsDroppedAndNothingElse() {
    assertEquals("item { id: 1 }", UserText.decode(utf8("\uFEFFitem { id: 1 }")));
    assertEquals("a\uFEFFb", UserText.decode(utf8("a\uFEFFb")));
    assertEquals("", UserText.decode(utf8("\uFEFF")));
    assertEquals("", UserText.decode(new byte[0]));
    assertEquals("é", UserText.decode(utf8("é")));
  }

  @Test
  void theReaderSkipsALeadingByteOrderMarkOnly() throws Exception {
    try (BufferedReader r = UserText.reader(new ByteArrayInputStream(utf8("\uFEFF{\"a\": 1}\nx\n")))) {
      assertEquals("{\"a\": 1}", r.readLine());
      assertEquals("x", r.readLine());
      assertNull(r.readLine());
    }
    try (BufferedReader r = UserText.reader(new ByteArrayInputStream(utf8("no mark")))) {
      assertEquals("no mark", r.readLine());
    }
    try (BufferedReader r = UserText.reader(new ByteArrayInputStream(new byte[0]))) {
      assertNull(r.readLine());
    }
  }
}
