package io.sparkrcnn.model.checkpoint;

import io.sparkrcnn.io.fs.AtomicReplace;
import io.sparkrcnn.io.fs.AtomicWrite;
import io.sparkrcnn.io.tensorboard.EventFileWriter;
import io.sparkrcnn.model.runtime.Nd4jRuntime;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Checkpoints in a {@code train_dir} as the reference names them: {@code model.ckpt-<step>} (here a DL4J model
 * zip with parameters, updater state and the iteration count) and a {@code checkpoint} index file in
 * TensorFlow's text format naming the latest and the kept ones. Each file is written under a temporary name
 * and moved onto its final name by {@link AtomicReplace} (the old file is never deleted first); the oldest
 * checkpoints beyond {@code keep} are deleted after the index is updated, except that, as TensorFlow's
 * {@code Saver} with {@code keep_checkpoint_every_n_hours}, one leaving the kept window is preserved (left on disk
 * and out of the index) when it was written more than that interval after the last one preserved (the first: after
 * this object was made). Readers ({@link #loadLatest}) take the
 * newest checkpoint that loads, so a missing or damaged index or checkpoint falls back to an earlier whole one.
 */
public final class Checkpoints {
  public static final String INDEX = CheckpointIndex.NAME;
  public static final String PREFIX = "model.ckpt-";
  private static final Pattern CHECKPOINT = Pattern.compile("^model\\.ckpt-(\\d+)$");

  private final FileSystem fs;
  private final Path dir;
  private final CheckpointIndex index;
  private final int keep;
  private final long preserveEveryMillis;
  private long nextPreservedAfter;

  public Checkpoints(FileSystem fs, Path dir, int keep) {
    this(fs, dir, keep, Duration.ofHours(10000), Clock.systemUTC());
  }

  /** Also preserves a checkpoint leaving the kept window every {@code preserveEvery} (measured from {@code clock}). */
  public Checkpoints(FileSystem fs, Path dir, int keep, Duration preserveEvery, Clock clock) {
    this.fs = fs;
    this.dir = dir;
    this.index = new CheckpointIndex(fs, dir);
    this.keep = keep;
    this.preserveEveryMillis = preserveEvery.toMillis();
    this.nextPreservedAfter = clock.millis() + preserveEveryMillis;
  }

  /** {@code keep_checkpoint_every_n_hours} as the duration the constructor takes. */
  public static Duration hours(double hours) {
    return Duration.ofMillis(Math.round(hours * 3_600_000d));
  }

  /**
   * A checkpoint loaded with its updater state; {@code note} says in one line what was passed over to reach it
   * (a missing index, a damaged or missing newer checkpoint), or is null when it is the one the index names.
   */
  public record Loaded(Path checkpoint, ComputationGraph graph, String note) {}

  /** Writes {@code model.ckpt-<step>} and updates the index; returns the checkpoint's path. */
  public Path write(ComputationGraph graph, long step) throws IOException {
    fs.mkdirs(dir);
    Path target = new Path(dir, PREFIX + step);
    AtomicWrite.write(fs, target, out -> ModelSerializer.writeModel(graph, out, true));
    List<String> kept = new ArrayList<>(index.kept());
    kept.remove(target.getName());
    kept.add(target.getName());
    List<String> dropped = kept.size() > keep ? new ArrayList<>(kept.subList(0, kept.size() - keep)) : List.of();
    kept.removeAll(dropped);
    index.write(target.getName(), kept);
    for (String d : dropped) {
      Path old = new Path(dir, d);
      if (fs.exists(old) && fs.getFileStatus(old).getModificationTime() > nextPreservedAfter) {
        nextPreservedAfter += preserveEveryMillis;
      } else {
        fs.delete(old, false);
      }
    }
    return fs.makeQualified(target);
  }

  /**
   * The checkpoint the index names as latest; without an index (or with one naming none) the highest-step
   * {@code model.ckpt-<step>} in the directory; null when there is none. Nothing is loaded or checked.
   */
  public Path latest() throws IOException {
    Path indexed = index.latest();
    if (indexed != null) {
      return indexed;
    }
    List<Path> files = onDisk();
    return files.isEmpty() ? null : files.get(0);
  }

  /**
   * Loads the newest whole checkpoint: the one the index names as latest; when that is missing or does not load,
   * the newest the index also lists that loads; without a usable index, the highest-step one in the directory that
   * loads. Returns null when the directory holds no checkpoint and no index.
   *
   * @throws UnusableCheckpointException when there are checkpoints (or an index) but none loads, naming them
   */
  public Loaded loadLatest() throws IOException {
    return NewestWholeCheckpoint.load(fs, dir, index, onDisk(), this::load);
  }

  /**
   * Removes what runs killed in this train dir left: the temporary files it writes ({@code .model.ckpt-N.<uuid>.tmp},
   * {@code .checkpoint.<uuid>.tmp}, {@code .pipeline.config.<uuid>.tmp}), and old versions {@link AtomicReplace}
   * moved aside, which go back in place when nothing replaced them. Call it only while holding the train dir's
   * lock, so no other run's files are taken; says in one line what it did.
   */
  public void removeLeftovers(PrintWriter log) throws IOException {
    TrainDirLeftovers.remove(fs, dir, log);
  }

  /** The step of a checkpoint path {@code …/model.ckpt-<step>}. */
  public static long stepOf(Path checkpoint) {
    String name = checkpoint.getName();
    if (!name.startsWith(PREFIX)) {
      throw new IllegalArgumentException(checkpoint + " is not a model.ckpt-<step> checkpoint");
    }
    return Long.parseLong(name.substring(PREFIX.length()));
  }

  /** A new TensorBoard event file in the train dir. */
  public EventFileWriter events() throws IOException {
    return EventFileWriter.create(fs, dir);
  }

  /** Loads a model zip from any path (a fine-tuning source), without its updater state. */
  public ComputationGraph loadFrom(Path path) throws IOException {
    return loadFrom(path, "a SparkRCNN model.ckpt-N (a DL4J model zip); TensorFlow checkpoints cannot be read");
  }

  /**
   * Loads a model zip from any path without its updater state; {@code expected} says what the path should be in the
   * error when it is not a DL4J ComputationGraph zip.
   */
  public ComputationGraph loadFrom(Path path, String expected) throws IOException {
    InputStream in;
    try {
      in = io.sparkrcnn.io.fs.FileSystems.of(path, fs.getConf()).open(path);
    } catch (java.io.FileNotFoundException e) {
      throw new UnusableCheckpointException("fine_tune_checkpoint " + path + " does not exist");
    }
    Nd4jRuntime.init();
    try (in) {
      return ModelSerializer.restoreComputationGraph(in, false);
    } catch (IOException | RuntimeException e) {
      throw new UnusableCheckpointException("fine_tune_checkpoint " + path + " is not " + expected + " ("
          + e.getMessage() + ")");
    }
  }

  /** Loads a checkpoint with its updater state. */
  public ComputationGraph load(Path checkpoint) throws IOException {
    Nd4jRuntime.init();
    try (InputStream in = fs.open(checkpoint)) {
      return ModelSerializer.restoreComputationGraph(in, true);
    }
  }

  /** Whether a file name is a checkpoint's, {@code model.ckpt-<step>}. */
  static boolean isCheckpointName(String name) {
    return CHECKPOINT.matcher(name).matches();
  }

  /** The {@code model.ckpt-<step>} files in the directory (qualified), highest step first. */
  private List<Path> onDisk() throws IOException {
    FileStatus[] found;
    try {
      found = fs.listStatus(dir, p -> isCheckpointName(p.getName()));
    } catch (FileNotFoundException e) {
      return List.of();
    }
    return Arrays.stream(found).filter(FileStatus::isFile).map(f -> fs.makeQualified(f.getPath()))
        .sorted(Comparator.comparingLong(Checkpoints::stepOf).reversed()).toList();
  }
}
