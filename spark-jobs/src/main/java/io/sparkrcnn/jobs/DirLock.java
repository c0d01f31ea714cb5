package io.sparkrcnn.jobs;

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
 * Keeps a second run of a job out of a directory while one runs (train's train_dir, nightly's model_dir): a lock
 * file {@code DIR/<kind's file>}, created only if absent in one filesystem operation (HDFS {@code create} without
 * overwrite, a local {@code O_EXCL} create), names the holder's host, pid, start time and a token. The holder
 * refreshes the file's modification time every {@link #HEARTBEAT}. A lock whose process is gone (same host) or whose
 * heartbeat is older than {@link #STALE} is taken over, saying so. {@link #close} (also run by a shutdown hook)
 * deletes the lock if it is still this run's, and the directory if the lock created it and it is empty.
 */
public final class DirLock implements AutoCloseable {
  public static final Duration HEARTBEAT = Duration.ofMinutes(1);
  public static final Duration STALE = Duration.ofMinutes(10);

  /**
   * What a lock is for, as its messages say it: the lock file's name, the job that holds it ("train"), the directory
   * ("train_dir") and the other way out offered to a refused run ("use another --train_dir"; empty: only waiting).
   */
  public record Kind(String fileName, String job, String dirName, String otherWay) {}

  private final FileSystem fs;
  private final Path dir;
  private final Path lock;
  private final String token;
  private final boolean createdDir;
  private final ScheduledExecutorService heartbeat;
  private final Thread hook;
  private boolean released;

  private DirLock(FileSystem fs, Path dir, Path lock, String token, boolean createdDir, Duration every) {
    this.fs = fs;
    this.dir = dir;
    this.lock = lock;
    this.token = token;
    this.createdDir = createdDir;
    String name = lock.getName();
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name + " heartbeat");
      t.setDaemon(true);
      return t;
    });
    heartbeat.scheduleAtFixedRate(this::beat, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    this.hook = new Thread(this::close, name + " release");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * Takes the {@code kind} lock of {@code dir} (created if missing), beating every {@code heartbeat}.
   *
   * @throws UserError when another run holds it
   */
  public static DirLock acquire(FileSystem fs, Path dir, Kind kind, PrintWriter log, Duration heartbeat)
      throws IOException {
    boolean createdDir = !fs.exists(dir);
    fs.mkdirs(dir);
    Path lock = fs.makeQualified(new Path(dir, kind.fileName()));
    String token = UUID.randomUUID().toString();
    byte[] content = LockHolder.describeThisRun(token).getBytes(StandardCharsets.UTF_8);
    String orOtherWay = kind.otherWay().isEmpty() ? "" : " or " + kind.otherWay();
    for (int attempt = 0; attempt < 3; attempt++) {
      if (create(fs, lock, content)) {
        return new DirLock(fs, dir, lock, token, createdDir, heartbeat);
      }
      LockHolder holder = LockHolder.read(fs, lock);
      if (holder == null) {
        continue; // released between our create and our read
      }
      String stale = holder.staleReason();
      if (stale == null) {
        throw new UserError(lock + " is held by another " + kind.job() + " (" + holder + "): wait for it to end"
            + orOtherWay + " (a lock without heartbeat for " + STALE.toMinutes() + " minutes is taken over)");
      }
      if (takeOver(fs, lock, holder) && create(fs, lock, content)) {
        log.println("took over " + lock + " of a " + kind.job() + " that is gone (" + holder + "; " + stale + ")");
        log.flush();
        return new DirLock(fs, dir, lock, token, createdDir, heartbeat);
      }
    }
    throw new UserError(lock + " keeps changing: another " + kind.job() + " is starting in this " + kind.dirName()
        + (kind.otherWay().isEmpty() ? "; wait for it to end" : "; " + kind.otherWay()));
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
    Path aside = new Path(lock.getParent(), "." + lock.getName() + ".stale-" + UUID.randomUUID());
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
      // the lock stays; its heartbeat stops, so the next run takes it over after STALE
    }
  }
}
