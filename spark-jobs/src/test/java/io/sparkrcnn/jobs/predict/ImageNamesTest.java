package io.sparkrcnn.jobs.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The drawings' file names: the id without its image extension, made safe and unique. */
class ImageNamesTest {
  @Test
  void namesDropTheImageExtensionAndReplaceUnsafeCharacters() {
    assertEquals("Abyssinian_1", ImageNames.stem("Abyssinian_1.jpg"));
    assertEquals("a_b_c", ImageNames.stem("a/b c.JPEG"));
    assertEquals("val.record-00000-of-00001_record_3", ImageNames.stem("val.record-00000-of-00001 record 3"));
    assertEquals("image.hidden", ImageNames.stem(".hidden.png"));
    assertEquals("image", ImageNames.stem(".png"));
  }

  @Test
  void laterIdsWithATakenNameAreNumbered() {
    ImageNames names = new ImageNames();
    assertEquals("a.jpg", names.next("a.jpg"));
    assertEquals("a_2.jpg", names.next("a.png"));
    assertEquals("A_3.jpg", names.next("A.jpg")); // taken ignoring case, for case-insensitive filesystems
    assertEquals("b.jpg", names.next("b"));
  }
}
