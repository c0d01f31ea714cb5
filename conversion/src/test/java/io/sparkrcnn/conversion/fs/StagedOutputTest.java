package io.sparkrcnn.conversion.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.conversion.testing.LocalFs;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedOutputTest {
  @TempDir java.nio.file.Path tmp;
  FileSystem fs = LocalFs.get();

  private void touch(Path p, String text) throws Exception {
    try (var out = fs.create(p, true)) {
      out.write(text.getBytes());
    }
  }

  private List<String> names(java.nio.file.Path dir) throws Exception {
    try (Stream<java.nio.file.Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void nothingIsVisibleAtTheOutputUntilCommit() throws Exception {
    Path out = LocalFs.path(tmp.resolve("out"));
    StagedOutput staged = StagedOutput.begin(fs, out, false, "report.json");
    touch(new Path(staged.staging(), "a"), "1");
    assertFalse(Files.exists(tmp.resolve("out")));
    staged.commit();
    assertEquals(List.of("a"), names(tmp.resolve("out")));
    assertEquals(List.of("out"), names(tmp), "no staging directory is left behind");
  }

  @Test
  void aNonEmptyOutputIsRefusedWithoutOverwrite() throws Exception {
    Files.createDirectories(tmp.resolve("out"));
    Files.writeString(tmp.resolve("out/old"), "x");
    Files.writeString(tmp.resolve("out/report.json"), "{}");
    OutputPathException e = assertThrows(OutputPathException.class,
        () -> StagedOutput.begin(fs, LocalFs.path(tmp.resolve("out")), false, "report.json"));
    assertTrue(e.getMessage().contains("--overwrite"), e.getMessage());
  }

  @Test
  void overwriteReplacesTheWholeOutputOnCommitOnly() throws Exception {
    Files.createDirectories(tmp.resolve("out"));
    Files.writeString(tmp.resolve("out/old"), "x");
    Files.writeString(tmp.resolve("out/report.json"), "{}");
    StagedOutput staged = StagedOutput.begin(fs, LocalFs.path(tmp.resolve("out")), true, "report.json");
    touch(new Path(staged.staging(), "new"), "1");
    assertEquals(List.of("old", "report.json"), names(tmp.resolve("out")), "the old output stays whole until commit");
    staged.commit();
    assertEquals(List.of("new"), names(tmp.resolve("out")));
    assertEquals(List.of("out"), names(tmp));
  }

  @Test
  void abortLeavesTheOutputAsItWas() throws Exception {
    Files.createDirectories(tmp.resolve("out"));
    Files.writeString(tmp.resolve("out/old"), "x");
    Files.writeString(tmp.resolve("out/report.json"), "{}");
    StagedOutput staged = StagedOutput.begin(fs, LocalFs.path(tmp.resolve("out")), true, "report.json");
    touch(new Path(staged.staging(), "half"), "1");
    staged.abort();
    assertEquals(List.of("old", "report.json"), names(tmp.resolve("out")));
    assertEquals(List.of("out"), names(tmp));
  }

  @Test
  void aFolderThatIsNotAnEarlierOutputIsNeverReplacedEvenWithOverwrite() throws Exception {
    Files.createDirectories(tmp.resolve("data/images"));
    Files.writeString(tmp.resolve("data/notes.txt"), "mine");
    OutputPathException e = assertThrows(OutputPathException.class,
        () -> StagedOutput.begin(fs, LocalFs.path(tmp.resolve("data")), true, "report.json"));
    assertTrue(e.getMessage().contains("not an earlier output"), e.getMessage());
    assertEquals(List.of("images", "notes.txt"), names(tmp.resolve("data")));
  }
}
