package io.sparkrcnn.io.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.io.testing.LocalFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FilterFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicReplaceTest {
  @TempDir Path tmp;

  private static org.apache.hadoop.fs.Path p(Path path) {
    return LocalFs.path(path);
  }

  @Test
  void theLocalFilesystemReplacesInOneRename() throws Exception {
    Files.writeString(tmp.resolve("a"), "old");
    Files.writeString(tmp.resolve(".a.tmp"), "new");
    AtomicReplace.move(LocalFs.get(), p(tmp.resolve(".a.tmp")), p(tmp.resolve("a")));
    assertEquals("new", Files.readString(tmp.resolve("a")));
    assertFalse(Files.exists(tmp.resolve(".a.tmp")));
  }

  /** A filesystem without an atomic replace: the old file is moved aside first, and a failed rename keeps it. */
  @Test
  void otherFilesystemsMoveTheOldFileAsideAndNeverLoseIt() throws Exception {
    boolean[] fail = {false};
    FileSystem other = new FilterFileSystem(LocalFs.get()) {
      @Override
      public boolean rename(org.apache.hadoop.fs.Path from, org.apache.hadoop.fs.Path to) throws IOException {
        return !(fail[0] && from.getName().startsWith(".a.tmp")) && super.rename(from, to);
      }
    };
    Files.writeString(tmp.resolve("a"), "old");
    Files.writeString(tmp.resolve(".a.tmp"), "new");
    fail[0] = true;
    IOException e = assertThrows(IOException.class,
        () -> AtomicReplace.move(other, p(tmp.resolve(".a.tmp")), p(tmp.resolve("a"))));
    assertTrue(e.getMessage().startsWith("cannot rename "), e.getMessage());
    assertEquals("old", Files.readString(tmp.resolve("a")), "the old file is back in place");
    fail[0] = false;
    Files.writeString(tmp.resolve(".a.tmp"), "new");
    AtomicReplace.move(other, p(tmp.resolve(".a.tmp")), p(tmp.resolve("a")));
    assertEquals("new", Files.readString(tmp.resolve("a")));
    try (var files = Files.list(tmp)) {
      assertEquals(java.util.List.of("a"), files.map(f -> f.getFileName().toString()).toList());
    }
  }

  @Test
  void anOldVersionLeftAsideGoesBackOnlyWhereNothingReplacedIt() throws Exception {
    String uuid = "0f0e1d2c-3b4a-5968-7766-554433221100";
    Files.writeString(tmp.resolve(".a.replaced-" + uuid), "old a");
    Files.writeString(tmp.resolve(".b.replaced-" + uuid), "old b");
    Files.writeString(tmp.resolve("b"), "new b");
    assertTrue(AtomicReplace.restoreAside(LocalFs.get(), p(tmp.resolve(".a.replaced-" + uuid))));
    assertFalse(AtomicReplace.restoreAside(LocalFs.get(), p(tmp.resolve(".b.replaced-" + uuid))));
    assertEquals("old a", Files.readString(tmp.resolve("a")));
    assertEquals("new b", Files.readString(tmp.resolve("b")));
    try (var files = Files.list(tmp)) {
      assertEquals(2, files.count(), "the asides are gone");
    }
  }
}
