package io.sparkrcnn.jobs.nightly;

import io.sparkrcnn.io.fs.AtomicWrite;
import io.sparkrcnn.model.checkpoint.Checkpoints;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;

/**
 * Publishes a run's model into a {@link ModelDir}: copies the export's files, the checkpoint (with a one-entry
 * {@code checkpoint} index) and the eval's metrics.json into {@code versions/.<run-id>.staging-<uuid>}, renames that
 * onto {@code versions/<run-id>} (one rename: a version is whole or absent), then switches {@code current} to it by
 * writing a temporary file renamed over the old one (HDFS: rename with OVERWRITE; local: rename(2)). A failure
 * before the switch leaves {@code current} and every version as they were. A version already in place (a resumed
 * run that had renamed it) is kept and only the switch is done, unless it lacks some of the run's files (a copying
 * rename, as s3a's, was killed midway): then it is this run's partial copy, and is published again.
 */
public final class Publisher {
  private final ModelDir model;

  public Publisher(ModelDir model) {
    this.model = model;
  }

  /** The files of one run to publish: where they are, and on which filesystem. */
  public record RunModel(FileSystem fs, Path exportDir, Path checkpoint, Path metrics) {}

  /** Publishes {@code run} as version {@code id} and makes it current; returns the version's folder. */
  public Path publish(String id, RunModel run) throws IOException {
    FileSystem fs = model.fs();
    Path target = model.version(id);
    if (fs.exists(target) && !whole(fs, target, run)) {
      fs.delete(target, true); // this run's own partial copy: a rename that copies (s3a) was killed midway
    }
    if (!fs.exists(target)) {
      Path versions = target.getParent();
      fs.mkdirs(versions);
      removeOwnStaging(fs, versions, id);
      Path staging = new Path(versions, "." + id + ".staging-" + UUID.randomUUID());
      try {
        fill(fs, staging, run);
        if (!fs.rename(staging, target)) {
          throw new IOException("cannot rename " + staging + " to " + target);
        }
      } catch (IOException | RuntimeException e) {
        fs.delete(staging, true);
        throw e;
      }
    }
    switchCurrent(id);
    return target;
  }

  /** Points {@code current} at version {@code id}, atomically replacing what it named. */
  public void switchCurrent(String id) throws IOException {
    byte[] line = (id + "\n").getBytes(StandardCharsets.UTF_8);
    AtomicWrite.write(model.fs(), new Path(model.dir(), ModelDir.CURRENT), line);
  }

  private static void fill(FileSystem fs, Path staging, RunModel run) throws IOException {
    fs.mkdirs(staging);
    for (FileStatus s : run.fs().listStatus(run.exportDir())) {
      copy(run.fs(), s.getPath(), fs, new Path(staging, s.getPath().getName()));
    }
    String checkpoint = run.checkpoint().getName();
    copy(run.fs(), run.checkpoint(), fs, new Path(staging, checkpoint));
    String index = "model_checkpoint_path: \"" + checkpoint + "\"\nall_model_checkpoint_paths: \"" + checkpoint
        + "\"\n";
    try (var out = fs.create(new Path(staging, Checkpoints.INDEX), false)) {
      out.write(index.getBytes(StandardCharsets.UTF_8));
    }
    copy(run.fs(), run.metrics(), fs, new Path(staging, run.metrics().getName()));
  }

  /** Whether {@code version} holds every file of {@code run} at its size, and the index. */
  private static boolean whole(FileSystem fs, Path version, RunModel run) throws IOException {
    String root = run.fs().makeQualified(run.exportDir()).toUri().getPath().replaceAll("/+$", "");
    var files = run.fs().listFiles(run.exportDir(), true);
    while (files.hasNext()) {
      FileStatus f = files.next();
      String relative = f.getPath().toUri().getPath().substring(root.length() + 1);
      if (!sameLength(fs, new Path(version, relative), f.getLen())) {
        return false;
      }
    }
    return sameLength(fs, new Path(version, run.checkpoint().getName()), run.fs().getFileStatus(run.checkpoint())
        .getLen()) && sameLength(fs, new Path(version, run.metrics().getName()), run.fs().getFileStatus(run.metrics())
        .getLen()) && fs.exists(new Path(version, Checkpoints.INDEX));
  }

  private static boolean sameLength(FileSystem fs, Path file, long length) throws IOException {
    return fs.exists(file) && fs.getFileStatus(file).getLen() == length;
  }

  private static void copy(FileSystem from, Path src, FileSystem to, Path dst) throws IOException {
    if (!FileUtil.copy(from, src, to, dst, false, false, to.getConf())) {
      throw new IOException("cannot copy " + src + " to " + dst);
    }
  }

  /** Deletes the staging folders an earlier attempt of this run left (it was killed mid-copy). */
  private static void removeOwnStaging(FileSystem fs, Path versions, String id) throws IOException {
    try {
      for (FileStatus s : fs.listStatus(versions)) {
        if (s.getPath().getName().startsWith("." + id + ".staging-")) {
          fs.delete(s.getPath(), true);
        }
      }
    } catch (FileNotFoundException e) {
      // no versions yet
    }
  }
}
