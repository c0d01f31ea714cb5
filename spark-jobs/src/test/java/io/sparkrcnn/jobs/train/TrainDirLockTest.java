package io.sparkrcnn.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.io.testing.LocalFs;
import io.sparkrcnn.jobs.UserError;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainDirLockTest {
  @TempDir Path tmp;

  private final StringWriter log = new StringWriter();

  private TrainDirLock acquire(Path dir) throws Exception {
    return TrainDirLock.acquire(LocalFs.get(), LocalFs.path(dir), new PrintWriter(log));
  }

  private static void writeLock(Path dir, String host, long pid, Instant heartbeat) throws Exception {
    Files.createDirectories(dir);
    Path lock = dir.resolve(TrainDirLock.NAME);
    Files.writeString(lock, "host: " + host + "\npid: " + pid + "\nstarted: 2026-01-01T00:00:00Z\ntoken: theirs\n");
    Files.setLastModifiedTime(lock, FileTime.from(heartbeat));
  }

  private static String thisHost() throws Exception {
    return InetAddress.getLocalHost().getHostName();
  }

  @Test
  void aSecondTrainIsRefusedNamingTheLockAndItsHolderUntilTheFirstReleases() throws Exception {
    Path dir = tmp.resolve("train");
    try (TrainDirLock held = acquire(dir)) {
      String text = Files.readString(dir.resolve("train.lock"));
      assertTrue(text.startsWith("host: " + thisHost() + "\npid: " + ProcessHandle.current().pid() + "\nstarted: "),
          text);
      UserError e = assertThrows(UserError.class, () -> acquire(dir));
      assertEquals(1, e.getMessage().lines().count());
      assertTrue(e.getMessage().startsWith(LocalFs.path(dir.resolve("train.lock")) + " is held by another train"
          + " (host " + thisHost() + ", pid " + ProcessHandle.current().pid() + ", started "), e.getMessage());
      assertTrue(e.getMessage().contains("use another --train_dir"), e.getMessage());
    }
    assertFalse(Files.exists(dir), "released, and the directory the lock created is gone with it");
    Files.createDirectories(dir);
    acquire(dir).close();
    assertTrue(Files.isDirectory(dir), "a directory that was there stays");
    assertFalse(Files.exists(dir.resolve("train.lock")));
    assertEquals("", log.toString());
  }

  @Test
  void aLockOfAProcessThatEndedOnThisHostIsTakenOverSayingSo() throws Exception {
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor();
    Path dir = tmp.resolve("train");
    writeLock(dir, thisHost(), ended.pid(), Instant.now());
    try (TrainDirLock lock = acquire(dir)) {
      assertTrue(log.toString().startsWith("took over " + LocalFs.path(dir.resolve("train.lock")) + " of a train that"
          + " is gone (host " + thisHost() + ", pid " + ended.pid()), log.toString());
      assertTrue(log.toString().contains("its process " + ended.pid() + " on " + thisHost() + " has ended"),
          log.toString());
      assertTrue(Files.readString(dir.resolve("train.lock")).contains("pid: " + ProcessHandle.current().pid()));
    }
  }

  @Test
  void aLockWithoutHeartbeatIsTakenOverAndAFreshOneOfAnotherHostIsNot() throws Exception {
    Path dir = tmp.resolve("train");
    writeLock(dir, "elsewhere", 1, Instant.now().minus(Duration.ofMinutes(1)));
    UserError e = assertThrows(UserError.class, () -> acquire(dir));
    assertTrue(e.getMessage().contains("(host elsewhere, pid 1, started 2026-01-01T00:00:00Z, last heartbeat"),
        e.getMessage());
    writeLock(dir, "elsewhere", 1, Instant.now().minus(TrainDirLock.STALE).minusSeconds(60));
    acquire(dir).close();
    assertTrue(log.toString().contains("no heartbeat for 11 minutes"), log.toString());
    assertFalse(Files.exists(dir.resolve("train.lock")));
  }

  @Test
  void theHolderRefreshesItsHeartbeatAndReleasesOnlyItsOwnLock() throws Exception {
    Path dir = tmp.resolve("train");
    Path file = dir.resolve("train.lock");
    try (TrainDirLock lock = TrainDirLock.acquire(LocalFs.get(), LocalFs.path(dir), new PrintWriter(log),
        Duration.ofMillis(50))) {
      Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
      long deadline = System.currentTimeMillis() + 10_000;
      while (Files.getLastModifiedTime(file).toInstant().isBefore(Instant.now().minusSeconds(60))
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(Files.getLastModifiedTime(file).toInstant().isAfter(Instant.now().minusSeconds(60)), "refreshed");
      // another run took the lock over meanwhile (it judged this one stale): its lock is not ours to delete
      writeLock(dir, "elsewhere", 7, Instant.now());
    }
    assertTrue(Files.readString(file).contains("token: theirs"));
  }
}
