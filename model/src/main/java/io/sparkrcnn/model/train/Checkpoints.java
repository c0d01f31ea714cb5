package io.sparkrcnn.model.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Checkpoints in a {@code train_dir} as the reference names them: {@code model.ckpt-<step>} (here a DL4J model
 * zip with parameters, updater state and the iteration count) and a {@code checkpoint} index file in
 * TensorFlow's text format naming the latest and the kept ones. Each file is written under a temporary name
 * and renamed; the oldest checkpoints beyond {@code keep} are deleted after the index is updated.
 */
public final class Checkpoints {
  public static final String INDEX = "checkpoint";
  public static final String PREFIX = "model.ckpt-";
  private static final Pattern ENTRY = Pattern.compile("^(model_checkpoint_path|all_model_checkpoint_paths):\\s*\"(.*)\"\\s*$");

  private final FileSystem fs;
  private final Path dir;
  private final int keep;

  public Checkpoints(FileSystem fs, Path dir, int keep) {
    this.fs = fs;
    this.dir = dir;
    this.keep = keep;
  }

  /** Writes {@code model.ckpt-<step>} and updates the index; returns the checkpoint's path. */
  public Path write(ComputationGraph graph, long step) throws IOException {
    fs.mkdirs(dir);
    Path target = new Path(dir, PREFIX + step);
    Path tmp = new Path(dir, "." + PREFIX + step + "." + UUID.randomUUID() + ".tmp");
    try (OutputStream out = fs.create(tmp, true)) {
      ModelSerializer.writeModel(graph, out, true);
    }
    fs.delete(target, false);
    rename(tmp, target);
    List<String> kept = new ArrayList<>(list());
    kept.remove(target.getName());
    kept.add(target.getName());
    List<String> dropped = kept.size() > keep ? new ArrayList<>(kept.subList(0, kept.size() - keep)) : List.of();
    kept.removeAll(dropped);
    StringBuilder index = new StringBuilder("model_checkpoint_path: \"" + target.getName() + "\"\n");
    for (String k : kept) {
      index.append("all_model_checkpoint_paths: \"").append(k).append("\"\n");
    }
    Path indexTmp = new Path(dir, "." + INDEX + "." + UUID.randomUUID() + ".tmp");
    try (OutputStream out = fs.create(indexTmp, true)) {
      out.write(index.toString().getBytes(StandardCharsets.UTF_8));
    }
    fs.delete(new Path(dir, INDEX), false);
    rename(indexTmp, new Path(dir, INDEX));
    for (String d : dropped) {
      fs.delete(new Path(dir, d), false);
    }
    return fs.makeQualified(target);
  }

  /** The checkpoint the index names as latest, or null when there is none. */
  public Path latest() throws IOException {
    Path index = new Path(dir, INDEX);
    if (!fs.exists(index)) {
      return null;
    }
    for (String line : readLines(index)) {
      Matcher m = ENTRY.matcher(line.trim());
      if (m.matches() && m.group(1).equals("model_checkpoint_path")) {
        Path p = new Path(m.group(2));
        return p.isAbsolute() ? p : new Path(dir, m.group(2));
      }
    }
    throw new IOException(index + " names no model_checkpoint_path");
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
      in = io.sparkrcnn.conversion.fs.FileSystems.of(path, fs.getConf()).open(path);
    } catch (java.io.FileNotFoundException e) {
      throw new UnusableCheckpointException("fine_tune_checkpoint " + path + " does not exist");
    }
    try (in) {
      return ModelSerializer.restoreComputationGraph(in, false);
    } catch (IOException | RuntimeException e) {
      throw new UnusableCheckpointException("fine_tune_checkpoint " + path + " is not " + expected + " ("
          + e.getMessage() + ")");
    }
  }

  /** Loads a checkpoint with its updater state. */
  public ComputationGraph load(Path checkpoint) throws IOException {
    try (InputStream in = fs.open(checkpoint)) {
      return ModelSerializer.restoreComputationGraph(in, true);
    }
  }

  private List<String> list() throws IOException {
    List<String> names = new ArrayList<>();
    Path index = new Path(dir, INDEX);
    if (fs.exists(index)) {
      for (String line : readLines(index)) {
        Matcher m = ENTRY.matcher(line.trim());
        if (m.matches() && m.group(1).equals("all_model_checkpoint_paths") && !names.contains(m.group(2))) {
          names.add(new Path(m.group(2)).getName());
        }
      }
    }
    return names;
  }

  private List<String> readLines(Path p) throws IOException {
    try (InputStream in = fs.open(p)) {
      return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
    }
  }

  private void rename(Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      fs.delete(from, false);
      throw new IOException("cannot rename " + from + " to " + to);
    }
  }
}
