package io.sparkrcnn.jobs.nightly;

import io.sparkrcnn.io.fs.AtomicWrite;
import io.sparkrcnn.io.fs.StagedOutput;
import io.sparkrcnn.model.checkpoint.Checkpoints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;

/**
 * Publishes a run's model into a {@link ModelDir}: copies the export's files, the checkpoint (with a one-entry
 * {@code checkpoint} index) and the eval's metrics.json into a {@link StagedOutput} for {@code versions/<run-id>}
 * (one rename: a version is whole or absent; what killed attempts left beside it is cleaned on commit), then switches {@code current} to it by
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
      StagedOutput staged = StagedOutput.begin(fs, target, false, run.metrics().getName());
      try {
        fill(fs, staged.staging(), run);
        staged.commit();
      } catch (IOException | RuntimeException e) {
        staged.abort();
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
}
