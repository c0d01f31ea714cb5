package io.sparkrcnn.io.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.io.testing.LocalFs;
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

  private java.nio.file.Path leftover(String name, String run, String owner) throws Exception {
    java.nio.file.Path staging = Files.createDirectories(tmp.resolve("." + name + ".staging-" + run));
    Files.writeString(staging.resolve("pet_faces_train.record-00000-of-00001"), "half");
    java.nio.file.Path attempts = Files.createDirectories(tmp.resolve("." + name + ".attempts-" + run));
    Files.writeString(attempts.resolve("pet_faces_val.record-00000-of-00001.attempt-3"), "half");
    if (owner != null) {
      Files.writeString(attempts.resolve(StagingLeftovers.OWNER_FILE), owner);
    }
    return staging;
  }

  private static void makeOld(java.nio.file.Path dir) throws Exception {
    var twoDaysAgo = java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 48L * 3600 * 1000);
    try (Stream<java.nio.file.Path> s = Files.list(dir)) {
      for (java.nio.file.Path p : s.toList()) {
        Files.setLastModifiedTime(p, twoDaysAgo);
      }
    }
    Files.setLastModifiedTime(dir, twoDaysAgo);
  }

  private StagedOutput commitOne(String name) throws Exception {
    StagedOutput staged = StagedOutput.begin(fs, LocalFs.path(tmp.resolve(name)), true, "report.json");
    touch(new Path(staged.staging(), "report.json"), "{}");
    return staged;
  }

  @Test
  void aSuccessfulRunRemovesWhatKilledRunsOfTheSameOutputLeft() throws Exception {
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor();
    String host = java.net.InetAddress.getLocalHost().getHostName();
    leftover("out", "11111111-1111-1111-1111-111111111111", host + " " + ended.pid() + " 0");
    java.nio.file.Path old = leftover("out", "22222222-2222-2222-2222-222222222222", null);
    makeOld(old);
    makeOld(tmp.resolve(".out.attempts-22222222-2222-2222-2222-222222222222"));
    java.nio.file.Path otherOutput = leftover("other", "33333333-3333-3333-3333-333333333333", null);
    makeOld(otherOutput);
    Files.createDirectories(tmp.resolve(".out.staging-mine"));

    List<Path> kept = commitOne("out").commit();
    assertEquals(List.of(), kept);
    assertEquals(List.of(".other.attempts-33333333-3333-3333-3333-333333333333",
        ".other.staging-33333333-3333-3333-3333-333333333333", ".out.staging-mine", "out"), names(tmp),
        "only this output's leftovers of the pattern it writes, and only dead or old ones, are removed");
  }

  @Test
  void theStagingOfARunStillGoingIsLeftAloneAndNamed() throws Exception {
    StagedOutput running = StagedOutput.begin(fs, LocalFs.path(tmp.resolve("out")), true, "report.json");
    touch(new Path(running.staging(), "report.json"), "{}");
    java.nio.file.Path recent = leftover("out", "44444444-4444-4444-4444-444444444444", null);

    List<Path> kept = commitOne("out").commit();
    List<String> keptNames = kept.stream().map(Path::getName).sorted().toList();
    assertEquals(List.of(".out.attempts-44444444-4444-4444-4444-444444444444", running.attempts().getName(),
        ".out.staging-44444444-4444-4444-4444-444444444444", running.staging().getName()).stream().sorted().toList(),
        keptNames);
    assertTrue(Files.exists(recent) && fs.exists(running.staging()) && fs.exists(running.attempts()));
    String warning = StagingLeftovers.warning(LocalFs.path(tmp.resolve("out")), kept);
    assertTrue(warning.contains("4 hidden staging directories") && warning.contains(running.staging().getName()),
        warning);
    running.abort();
  }
}
