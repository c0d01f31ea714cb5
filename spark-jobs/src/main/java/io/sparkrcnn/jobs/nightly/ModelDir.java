package io.sparkrcnn.jobs.nightly;

import io.sparkrcnn.io.fs.AtomicReplace;
import io.sparkrcnn.jobs.UserError;
import io.sparkrcnn.model.checkpoint.Checkpoints;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The published model, {@code MODEL_DIR}: {@code versions/<run-id>/}, each a whole version (an export's files, the
 * checkpoint it was made of with a {@code checkpoint} index, and the eval's {@code metrics.json}), and
 * {@code current}, a one-line file naming the version readers use. Read here; written by {@link Publisher}.
 */
public final class ModelDir {
  public static final String CURRENT = "current";
  public static final String VERSIONS = "versions";

  private final FileSystem fs;
  private final Path dir;

  public ModelDir(FileSystem fs, Path dir) {
    this.fs = fs;
    this.dir = fs.makeQualified(dir);
  }

  public Path dir() {
    return dir;
  }

  public FileSystem fs() {
    return fs;
  }

  /** The folder of version {@code id}. */
  public Path version(String id) {
    return new Path(new Path(dir, VERSIONS), id);
  }

  /**
   * The version {@code current} names, or null when nothing is published (no {@code current}, nor one moved aside by
   * a switch that was killed midway, which is put back).
   *
   * @throws UserError when {@code current} names no version that exists
   */
  public String current() throws IOException {
    Path file = new Path(dir, CURRENT);
    String id;
    try (InputStream in = fs.open(file)) {
      id = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (FileNotFoundException e) {
      return restoreAside() ? current() : null;
    }
    if (!RunIds.ID.matcher(id).matches() || !fs.exists(version(id))) {
      throw new UserError(file + " names '" + id + "', which is not a version in " + new Path(dir, VERSIONS)
          + "; write the id of a version there, or move " + dir + " away to start from scratch");
    }
    return id;
  }

  /**
   * Puts back a {@code current} that a switch on a filesystem without atomic replace (s3a) moved aside and was
   * killed before the new one was in place; true when it did.
   */
  private boolean restoreAside() throws IOException {
    FileStatus[] found;
    try {
      found = fs.listStatus(dir, p -> AtomicReplace.ASIDE.matcher(p.getName()).matches()
          && p.getName().startsWith("." + CURRENT + ".replaced-"));
    } catch (FileNotFoundException e) {
      return false;
    }
    for (FileStatus aside : found) {
      if (AtomicReplace.restoreAside(fs, aside.getPath())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The checkpoint of version {@code id}, its {@code model.ckpt-N}.
   *
   * @throws UserError when the version holds none
   */
  public Path checkpoint(String id) throws IOException {
    Path latest = new Checkpoints(fs, version(id), Integer.MAX_VALUE).latest();
    if (latest == null || !fs.exists(latest)) {
      throw new UserError(version(id) + " holds no model.ckpt-N: it was not published by sparkrcnn nightly; point "
          + new Path(dir, CURRENT) + " at a version that was");
    }
    return latest;
  }
}
