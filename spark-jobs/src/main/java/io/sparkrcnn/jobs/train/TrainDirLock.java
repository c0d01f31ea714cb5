package io.sparkrcnn.jobs.train;

import io.sparkrcnn.jobs.UserError;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Keeps a second train out of a train_dir while one runs: {@code TRAIN_DIR/train.lock}, created only if absent in
 * one filesystem operation (HDFS {@code create} without overwrite, a local {@code O_EXCL} create), names the holder's
 * host, pid, start time and a token. The holder refreshes the file's modification time every {@link #HEARTBEAT}.
 * A lock whose process is gone (same host) or whose heartbeat is older than {@link #STALE} is taken over, saying
 * so. {@link #close} (also run by a shutdown hook) deletes the lock if it is still this run's, and the train_dir if
 * the lock created it and it is empty.
 */
public final class TrainDirLock implements AutoCloseable {
  public static final String NAME = "train.lock";
  public static final Duration HEARTBEAT = Duration.ofMinutes(1);
  public static final Duration STALE = Duration.ofMinutes(10);

  private final FileSystem fs;
  private final Path dir;
  private final Path lock;
  private final String token;
  private final boolean createdDir;
  private final ScheduledExecutorService heartbeat;
  private final Thread hook;
  private boolean released;

  private TrainDirLock(FileSystem fs, Path dir, Path lock, String token, boolean createdDir, Duration every) {
    this.fs = fs;
    this.dir = dir;
    this.lock = lock;
    this.token = token;
    this.createdDir = createdDir;
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, NAME + " heartbeat");
      t.setDaemon(true);
      return t;
    });
    heartbeat.scheduleAtFixedRate(this::beat, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    this.hook = new Thread(this::close, NAME + " release");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * Takes the lock of {@code dir} (created if missing).
   *
   * @throws UserError when another train holds it
   */
  public static TrainDirLock acquire(FileSystem fs, Path dir, PrintWriter log) throws IOException {
    return acquire(fs, dir, log, HEARTBEAT);
  }

  static TrainDirLock acquire(FileSystem fs, Path dir, PrintWriter log, Duration heartbeat) throws IOException {
    boolean createdDir = !fs.exists(dir);
    fs.mkdirs(dir);
    Path lock = fs.makeQualified(new Path(dir, NAME));
    String token = UUID.randomUUID().toString();
    byte[] content = LockHolder.describeThisRun(token).getBytes(StandardCharsets.UTF_8);
    for (int attempt = 0; attempt < 3; attempt++) {
      if (create(fs, lock, content)) {
        return new TrainDirLock(fs, dir, lock, token, createdDir, heartbeat);
      }
      LockHolder holder = LockHolder.read(fs, lock);
      if (holder == null) {
        continue; // released between our create and our read
      }
      String stale = holder.staleReason();
      if (stale == null) {
        throw new UserError(lock + " is held by another train (" + holder + "): wait for it to end or use another"
            + " --train_dir (a lock without heartbeat for " + STALE.toMinutes() + " minutes is taken over)");
      }
      if (takeOver(fs, lock, holder) && create(fs, lock, content)) {
        log.println("took over " + lock + " of a train that is gone (" + holder + "; " + stale + ")");
        log.flush();
        return new TrainDirLock(fs, dir, lock, token, createdDir, heartbeat);
      }
    }
    throw new UserError(lock + " keeps changing: another train is starting in this train_dir; use another"
        + " --train_dir");
  }

  /** Creates the lock file unless it exists; false when it exists. */
  private static boolean create(FileSystem fs, Path lock, byte[] content) throws IOException {
    if (fs instanceof RawLocalFileSystem local) {
      try {
        Files.write(local.pathToFile(lock).toPath(), content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      }
    }
    try (OutputStream out = fs.create(lock, false)) {
      out.write(content);
      return true;
    } catch (IOException e) {
      if (fs.exists(lock)) {
        return false; // HDFS: FileAlreadyExistsException, or AlreadyBeingCreatedException while another writes it
      }
      throw e;
    }
  }

  /**
   * Removes a stale lock: moves it aside (only one taker can) and checks that what moved is the lock judged stale,
   * not a new one that replaced it meanwhile (that one goes back).
   */
  private static boolean takeOver(FileSystem fs, Path lock, LockHolder stale) throws IOException {
    Path aside = new Path(lock.getParent(), "." + NAME + ".stale-" + UUID.randomUUID());
    if (!fs.rename(lock, aside)) {
      return false;
    }
    LockHolder moved = LockHolder.read(fs, aside);
    if (moved == null || !moved.text.equals(stale.text)) {
      fs.rename(aside, lock);
      return false;
    }
    fs.delete(aside, false);
    return true;
  }

  private void beat() {
    try {
      fs.setTimes(lock, System.currentTimeMillis(), -1);
    } catch (IOException e) {
      // a missed beat is retried at the next one; only many in a row make the lock look stale
    }
  }

  /** Releases the lock: deletes it if it is still this run's. */
  @Override
  public synchronized void close() {
    if (released) {
      return;
    }
    released = true;
    heartbeat.shutdownNow();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: this is the hook running
    }
    try {
      LockHolder now = LockHolder.read(fs, lock);
      if (now != null && token.equals(now.fields.get("token"))) {
        fs.delete(lock, false);
      }
      if (createdDir && fs.exists(dir) && fs.listStatus(dir).length == 0) {
        fs.delete(dir, false);
      }
    } catch (IOException e) {
      // the lock stays; its heartbeat stops, so the next train takes it over after STALE
    }
  }
}
