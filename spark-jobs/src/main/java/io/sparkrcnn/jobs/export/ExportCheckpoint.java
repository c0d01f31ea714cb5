package io.sparkrcnn.jobs.export;

import io.sparkrcnn.io.fs.FileSystems;
import io.sparkrcnn.jobs.UserError;
import io.sparkrcnn.model.checkpoint.Checkpoints;
import io.sparkrcnn.model.checkpoint.UnusableCheckpointException;
import io.sparkrcnn.model.runtime.Nd4jRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * The checkpoint an export starts from, restored without its updater state: {@code --trained_checkpoint_prefix}'s
 * file, or {@code --checkpoint_dir}'s newest whole checkpoint (as eval takes it), with its size in bytes. A missing
 * file, one that is not a SparkRCNN checkpoint, or a train_dir without one is a {@link UserError}.
 */
record ExportCheckpoint(Path path, long bytes, ComputationGraph graph) {
  static ExportCheckpoint load(Configuration conf, ExportOptions o, PrintWriter out) throws IOException {
    Path path = o.trainedCheckpointPrefix() != null ? new Path(o.trainedCheckpointPrefix()) : null;
    ComputationGraph graph;
    FileSystem fs;
    if (path != null) {
      fs = FileSystems.of(path, conf);
      graph = restore(fs, path);
    } else {
      Path dir = new Path(o.checkpointDir());
      fs = FileSystems.of(dir, conf);
      Checkpoints.Loaded loaded;
      try {
        loaded = new Checkpoints(fs, dir, Integer.MAX_VALUE).loadLatest();
      } catch (UnusableCheckpointException e) {
        throw new UserError("--checkpoint_dir: " + e.getMessage());
      }
      if (loaded == null) {
        throw new UserError("--checkpoint_dir " + dir + " has no checkpoint (no model.ckpt-N, no 'checkpoint'"
            + " index); train into it first or give --trained_checkpoint_prefix");
      }
      if (loaded.note() != null) {
        out.println("warning: " + loaded.note());
      }
      path = loaded.checkpoint();
      graph = loaded.graph();
    }
    return new ExportCheckpoint(fs.makeQualified(path), fs.getFileStatus(path).getLen(), graph);
  }

  private static ComputationGraph restore(FileSystem fs, Path path) throws IOException {
    String flag = "--trained_checkpoint_prefix " + path;
    if (!fs.exists(path)) {
      throw new UserError(flag + ": no such file; give TRAIN_DIR/model.ckpt-N of a checkpoint that exists"
          + " (TRAIN_DIR/checkpoint lists them) or --checkpoint_dir TRAIN_DIR");
    }
    if (fs.getFileStatus(path).isDirectory()) {
      throw new UserError(flag + " is a directory; give its TRAIN_DIR/model.ckpt-N, or pass it as --checkpoint_dir");
    }
    Nd4jRuntime.init();
    InputStream in = fs.open(path);
    try (in) {
      return ModelSerializer.restoreComputationGraph(in, false);
    } catch (IOException | RuntimeException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst()
          .orElse("").trim();
      throw new UserError(flag + " is not a SparkRCNN checkpoint (" + reason + "); give a model.ckpt-N that"
          + " sparkrcnn train wrote (TensorFlow checkpoints cannot be read)");
    }
  }
}
