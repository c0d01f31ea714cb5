package io.sparkrcnn.jobs.train;

import io.sparkrcnn.jobs.DirLock;
import io.sparkrcnn.jobs.UserError;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Keeps a second train out of a train_dir while one runs: the {@link DirLock} {@code TRAIN_DIR/train.lock}, taken
 * over from a train that is gone, released (with the train_dir when the lock created it and it is empty) on
 * {@link #close}.
 */
public final class TrainDirLock implements AutoCloseable {
  public static final String NAME = "train.lock";
  public static final Duration HEARTBEAT = DirLock.HEARTBEAT;
  public static final Duration STALE = DirLock.STALE;
  static final DirLock.Kind KIND = new DirLock.Kind(NAME, "train", "train_dir", "use another --train_dir");

  private final DirLock lock;

  private TrainDirLock(DirLock lock) {
    this.lock = lock;
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
    return new TrainDirLock(DirLock.acquire(fs, dir, KIND, log, heartbeat));
  }

  /** Releases the lock: deletes it if it is still this run's. */
  @Override
  public void close() {
    lock.close();
  }
}
