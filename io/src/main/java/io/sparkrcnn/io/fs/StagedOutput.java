package io.sparkrcnn.io.fs;

import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * An output directory that readers see either as it was or complete, never half written: a job
 * writes into a hidden sibling staging directory ({@code .<name>.staging-<uuid>}) and
 * {@link #commit()} swaps it into place by renames.
 *
 * <p>A job that fails or is killed leaves at most a hidden staging directory beside the output,
 * never a partial file inside it; the next successful run removes such leftovers once their owner is gone.
 */
public final class StagedOutput {
  private final FileSystem fs;
  private final Path output;
  private final Path staging;
  private final Path attempts;
  private final boolean overwrite;
  private final String run;

  private StagedOutput(FileSystem fs, Path output, Path staging, Path attempts, boolean overwrite, String run) {
    this.run = run;
    this.fs = fs;
    this.output = output;
    this.staging = staging;
    this.attempts = attempts;
    this.overwrite = overwrite;
  }

  /** Refuses an output directory path that names an existing file (what every output directory flag says). */
  public static void refuseFile(FileSystem fs, Path output) throws IOException {
    if (fs.exists(output) && !fs.getFileStatus(output).isDirectory()) {
      throw new OutputPathException(fs.makeQualified(output) + " exists and is a file; choose a directory path");
    }
  }

  /**
   * Checks that {@code output} may be written and creates the staging directory.
   *
   * @param ownMarker a file (relative to {@code output}) that every output of this kind has; a
   *     non-empty directory without it is never replaced, even with {@code overwrite}, so that a
   *     mistyped path cannot delete someone's data
   * @throws OutputPathException if {@code output} holds files and may not be replaced
   */
  public static StagedOutput begin(FileSystem fs, Path output, boolean overwrite, String ownMarker)
      throws IOException {
    // "out/" and "out" are the same directory; only the latter has a name to stage beside.
    String text = output.toString();
    Path qualified = fs.makeQualified(text.length() > 1 && text.endsWith("/")
        ? new Path(text.replaceAll("/+$", "")) : output);
    refuseFile(fs, qualified);
    if (fs.exists(qualified)) {
      if (fs.listStatus(qualified).length > 0) {
        if (!fs.exists(new Path(qualified, ownMarker))) {
          throw new OutputPathException(qualified + " holds files that are not an earlier output of this command"
              + " (no " + ownMarker + "); choose another --output_dir or empty it yourself");
        }
        if (!overwrite) {
          throw new OutputPathException(qualified + " is not empty; pass --overwrite to replace its contents"
              + " or choose another --output_dir");
        }
      }
    }
    Path parent = qualified.getParent();
    if (parent == null) {
      throw new OutputPathException("cannot write to the filesystem root " + qualified + "; choose a directory under it");
    }
    try {
      fs.mkdirs(parent);
    } catch (IOException e) {
      throw new OutputPathException("cannot create " + parent + " (" + e.getMessage() + "); choose an --output_dir"
          + " whose parent folders are directories you can write");
    }
    String run = UUID.randomUUID().toString();
    Path staging = new Path(parent, "." + qualified.getName() + ".staging-" + run);
    Path attempts = new Path(parent, "." + qualified.getName() + ".attempts-" + run);
    try {
      if (!fs.mkdirs(staging) || !fs.mkdirs(attempts)) {
        throw new IOException("mkdirs failed");
      }
      StagingLeftovers.markOwner(fs, attempts);
    } catch (IOException e) {
      throw new OutputPathException("cannot create " + staging + " beside the output (" + e.getMessage()
          + "); check that " + parent + " is a writable directory");
    }
    return new StagedOutput(fs, qualified, staging, attempts, overwrite, run);
  }

  /**
   * Where parallel workers write their files before the driver adopts the successful ones. It is
   * never renamed into the output, so a late or duplicate attempt cannot end up there.
   */
  public Path attempts() {
    return attempts;
  }

  /** Where the job writes; nothing here is visible at the output path until {@link #commit()}. */
  public Path staging() {
    return staging;
  }

  public Path output() {
    return output;
  }

  /** Moves a finished file into the staging directory under its final name. */
  public void adopt(Path written, String finalName) throws IOException {
    Path target = new Path(staging, finalName);
    if (!fs.rename(written, target)) {
      throw new IOException("cannot move " + written + " to " + target);
    }
  }

  /**
   * Replaces the output directory with the staging directory, then removes what killed runs for the same
   * output left beside it (see {@link StagingLeftovers}).
   *
   * @return leftovers of other runs kept because they may belong to a run still going (name them to the user)
   */
  public List<Path> commit() throws IOException {
    Path old = null;
    if (fs.exists(output)) {
      if (fs.listStatus(output).length > 0 && !overwrite) {
        throw new OutputPathException(output + " was filled by another run while this one ran; this run's output"
            + " is discarded (rerun with --overwrite to replace it)");
      }
      old = new Path(output.getParent(), "." + output.getName() + ".old-" + UUID.randomUUID());
      if (!fs.rename(output, old)) {
        throw new IOException("cannot move the previous " + output + " aside to " + old);
      }
    }
    if (!fs.rename(staging, output)) {
      if (old != null) {
        fs.rename(old, output);
      }
      throw new IOException("cannot rename " + staging + " to " + output);
    }
    // If another run created the output between the check and the rename, filesystems move the
    // staging directory *into* it instead of failing: detect that rather than report success.
    if (fs.exists(new Path(output, staging.getName()))) {
      throw new OutputPathException(output + " was created by another run during the commit; this run's output"
          + " is in " + new Path(output, staging.getName()) + " (remove it and rerun)");
    }
    if (old != null) {
      fs.delete(old, true);
    }
    fs.delete(attempts, true);
    try {
      return StagingLeftovers.clean(fs, output, run, System.currentTimeMillis());
    } catch (IOException e) {
      return List.of(); // best effort: the output is committed; leftovers are hidden and harmless
    }
  }

  /** Deletes the staging and attempt directories; the output directory is left as it was. */
  public void abort() {
    for (Path p : new Path[] {staging, attempts}) {
      try {
        fs.delete(p, true);
      } catch (IOException ignored) {
        // best effort: a leftover hidden directory beside the output is harmless
      }
    }
  }
}
