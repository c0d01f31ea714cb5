package io.sparkrcnn.io.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.io.testing.LocalFs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicWriteTest {
  @TempDir Path tmp;

  @Test
  void writesTheWholeFileAndLeavesNoTemporaryName() throws Exception {
    Files.writeString(tmp.resolve("metrics.json"), "old");
    AtomicWrite.write(LocalFs.get(), LocalFs.path(tmp.resolve("sub/../metrics.json")),
        "new".getBytes(StandardCharsets.UTF_8));
    assertEquals("new", Files.readString(tmp.resolve("metrics.json")));
    try (Stream<Path> files = Files.list(tmp)) {
      assertEquals(1, files.count());
    }
  }

  @Test
  void createsTheDirectory() throws Exception {
    AtomicWrite.write(LocalFs.get(), LocalFs.path(tmp.resolve("a/b/pipeline.config")), new byte[] {1, 2});
    assertEquals(2, Files.size(tmp.resolve("a/b/pipeline.config")));
  }

  @Test
  void aFailedWriteKeepsTheOldFileAndRemovesItsTemporaryFile() throws Exception {
    Files.writeString(tmp.resolve("checkpoint"), "old");
    IOException e = assertThrows(IOException.class, () -> AtomicWrite.write(LocalFs.get(),
        LocalFs.path(tmp.resolve("checkpoint")), out -> {
          out.write(1);
          throw new IOException("disk full");
        }));
    assertEquals("disk full", e.getMessage());
    assertEquals("old", Files.readString(tmp.resolve("checkpoint")));
    try (Stream<Path> files = Files.list(tmp)) {
      assertEquals(1, files.count());
    }
  }

  @Test
  void theTemporaryPatternNamesTheFinalFile() {
    var m = AtomicWrite.TEMPORARY.matcher(".model.ckpt-12.0f8fad5b-d9cb-469f-a165-70867728950e.tmp");
    assertTrue(m.matches());
    assertEquals("model.ckpt-12", m.group(1));
    assertFalse(AtomicWrite.TEMPORARY.matcher(".model.ckpt-12.tmp").matches());
  }
}
