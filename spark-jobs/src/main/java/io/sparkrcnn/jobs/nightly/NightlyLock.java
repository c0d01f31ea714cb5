package io.sparkrcnn.jobs.nightly;

import io.sparkrcnn.jobs.DirLock;
import io.sparkrcnn.jobs.UserError;
import java.io.IOException;
import java.io.PrintWriter;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The lock of a model_dir, {@code MODEL_DIR/nightly.lock}: a {@link DirLock} held for a whole nightly run, so that
 * a second run on the same published model is refused while one is live, and taken over from a run that is gone.
 */
public final class NightlyLock {
  public static final String NAME = "nightly.lock";
  static final DirLock.Kind KIND = new DirLock.Kind(NAME, "nightly run", "model_dir", "");

  private NightlyLock() {}

  /**
   * Takes the lock of {@code modelDir} (created if missing).
   *
   * @throws UserError when another nightly run holds it
   */
  public static DirLock acquire(FileSystem fs, Path modelDir, PrintWriter log) throws IOException {
    return DirLock.acquire(fs, modelDir, KIND, log, DirLock.HEARTBEAT);
  }
}
