package io.sparkrcnn.jobs.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.io.testing.LocalFs;
import io.sparkrcnn.jobs.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunIdsTest {
  @TempDir Path tmp;
  private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T22:31:05Z"), ZoneOffset.UTC);

  private RunIds.Choice choose(String requested) throws Exception {
    return RunIds.choose(LocalFs.get(), LocalFs.path(tmp.resolve("runs")), requested, clock);
  }

  private void run(String id, Integer exit) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("runs").resolve(id));
    RunRecord r = RunRecord.start(id);
    if (exit != null) {
      r.finish("x", exit, null, Instant.EPOCH);
    }
    r.write(LocalFs.get(), LocalFs.path(dir));
  }

  @Test
  void withoutRunsANewRunIsNamedForItsUtcStartTime() throws Exception {
    RunIds.Choice c = choose(null);
    assertEquals("20261201T223105Z", c.id());
    assertFalse(c.resumed());
    assertNull(c.record());
  }

  @Test
  void finishedRunsWhateverTheirExitLeadToANewRunWhoseIdIsNotTaken() throws Exception {
    run("20261130T010000Z", 0);
    run("20261201T223105Z", 1);
    run("20261201T223105Z-2", 3);
    RunIds.Choice c = choose(null);
    assertEquals("20261201T223105Z-3", c.id());
    assertFalse(c.resumed());
  }

  @Test
  void theUnfinishedRunOfGreatestIdIsResumedWithItsRecord() throws Exception {
    run("20261128T010000Z", null);
    run("20261129T010000Z", null);
    run("20261130T010000Z", 0);
    Files.createDirectories(tmp.resolve("runs").resolve(".staging-or-hidden"));
    RunIds.Choice c = choose(null);
    assertEquals("20261129T010000Z", c.id());
    assertTrue(c.resumed());
    assertEquals("20261129T010000Z", c.record().runId());
  }

  @Test
  void aRunKilledBeforeItsFirstRecordIsResumedToo() throws Exception {
    Files.createDirectories(tmp.resolve("runs").resolve("20261130T010000Z"));
    RunIds.Choice c = choose(null);
    assertEquals("20261130T010000Z", c.id());
    assertTrue(c.resumed());
    assertNull(c.record());
  }

  @Test
  void aGivenIdIsNewOrResumedAndAFinishedOneIsRefused() throws Exception {
    assertFalse(choose("nightly-1").resumed());
    run("nightly-1", null);
    assertTrue(choose("nightly-1").resumed());
    run("nightly-2", 3);
    UserError e = assertThrows(UserError.class, () -> choose("nightly-2"));
    assertTrue(e.getMessage().startsWith("--run_id nightly-2: that run has finished (x, exit 3, "), e.getMessage());
    assertTrue(e.getMessage().endsWith("; give a new --run_id or none"), e.getMessage());
  }

  @Test
  void anIdThatIsNotAPlainFolderNameIsRefused() {
    for (String bad : new String[] {"../x", ".hidden", "a/b", "", "-x", "a b"}) {
      UserError e = assertThrows(UserError.class, () -> choose(bad), bad);
      assertTrue(e.getMessage().startsWith("--run_id '" + bad + "' is not a run id"), e.getMessage());
    }
  }
}
