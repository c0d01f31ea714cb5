package io.sparkrcnn.model.checkpoint;

import io.sparkrcnn.io.tensorboard.EventFileWriter;
import io.sparkrcnn.io.fs.AtomicReplace;
import io.sparkrcnn.io.fs.AtomicWrite;
import io.sparkrcnn.model.runtime.Nd4jRuntime;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
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
  public static final String INDEX = "checkpoint";
  public static final String PREFIX = "model.ckpt-";
  private static final Pattern ENTRY =
      Pattern.compile("^(model_checkpoint_path|all_model_checkpoint_paths):\\s*\"(.*)\"\\s*$");
  private static final Pattern CHECKPOINT = Pattern.compile("^model\\.ckpt-(\\d+)$");
  private static final String OWN_FILES = "(model\\.ckpt-\\d+|checkpoint|pipeline\\.config)";

  private final FileSystem fs;
  private final Path dir;
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
    List<String> kept = new ArrayList<>(list());
    kept.remove(target.getName());
    kept.add(target.getName());
    List<String> dropped = kept.size() > keep ? new ArrayList<>(kept.subList(0, kept.size() - keep)) : List.of();
    kept.removeAll(dropped);
    StringBuilder index = new StringBuilder("model_checkpoint_path: \"" + target.getName() + "\"\n");
    for (String k : kept) {
      index.append("all_model_checkpoint_paths: \"").append(k).append("\"\n");
    }
    AtomicWrite.write(fs, new Path(dir, INDEX), index.toString().getBytes(StandardCharsets.UTF_8));
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
    Path indexed = indexedLatest();
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
    List<String> passed = new ArrayList<>();
    Set<Path> candidates = new LinkedHashSet<>();
    Path index = fs.makeQualified(new Path(dir, INDEX));
    Path indexed = indexedLatest();
    List<Path> files = onDisk();
    if (indexed != null) {
      candidates.add(indexed);
      List<Path> listed = new ArrayList<>(list().stream().map(n -> fs.makeQualified(new Path(dir, n))).toList());
      Collections.reverse(listed);
      candidates.addAll(listed);
    } else if (fs.exists(index)) {
      passed.add(index + " is not a checkpoint index (it names no model_checkpoint_path)");
    } else if (!files.isEmpty()) {
      passed.add(fs.makeQualified(dir) + " has model.ckpt-<step> files but no 'checkpoint' index (a run stopped"
          + " while writing it?)");
    }
    candidates.addAll(files);
    for (Path c : candidates) {
      String latestNote = c.equals(indexed) ? ", the index's latest," : "";
      if (!fs.exists(c)) {
        passed.add(c + latestNote + " does not exist");
        continue;
      }
      try {
        ComputationGraph graph = load(c);
        return new Loaded(c, graph, passed.isEmpty() ? null
            : String.join("; ", passed) + "; using " + c.getName() + ", the newest checkpoint that loads");
      } catch (org.apache.hadoop.security.AccessControlException | java.nio.file.AccessDeniedException e) {
        throw e; // not damage: a file this user may not read is not passed over for an older one
      } catch (IOException | RuntimeException e) {
        passed.add(c + latestNote + " is cut short or damaged (" + reason(e) + ")");
      }
    }
    if (passed.isEmpty()) {
      return null;
    }
    throw new UnusableCheckpointException(fs.makeQualified(dir) + " has no checkpoint that loads: "
        + String.join("; ", passed) + "; restore the files from a copy, remove them to start afresh, or use"
        + " another train_dir");
  }

  /**
   * Removes what runs killed in this train dir left: the temporary files it writes ({@code .model.ckpt-N.<uuid>.tmp},
   * {@code .checkpoint.<uuid>.tmp}, {@code .pipeline.config.<uuid>.tmp}), and old versions {@link AtomicReplace}
   * moved aside, which go back in place when nothing replaced them. Call it only while holding the train dir's
   * lock, so no other run's files are taken; says in one line what it did.
   */
  public void removeLeftovers(PrintWriter log) throws IOException {
    if (!fs.exists(dir)) {
      return;
    }
    List<String> removed = new ArrayList<>();
    List<String> restored = new ArrayList<>();
    for (FileStatus f : fs.listStatus(dir)) {
      String name = f.getPath().getName();
      Matcher aside = AtomicReplace.ASIDE.matcher(name);
      Matcher temporary = AtomicWrite.TEMPORARY.matcher(name);
      if (!f.isFile()) {
        continue;
      } else if (temporary.matches() && temporary.group(1).matches(OWN_FILES)) {
        fs.delete(f.getPath(), false);
        removed.add(name);
      } else if (aside.matches() && aside.group(1).matches(OWN_FILES)) {
        (AtomicReplace.restoreAside(fs, f.getPath()) ? restored : removed).add(name);
      }
    }
    if (!removed.isEmpty() || !restored.isEmpty()) {
      log.println(fs.makeQualified(dir) + ": files left by an interrupted run: " + (removed.isEmpty() ? ""
          : "removed " + String.join(", ", removed)) + (removed.isEmpty() || restored.isEmpty() ? "" : "; ")
          + (restored.isEmpty() ? "" : "put back " + String.join(", ", restored)));
      log.flush();
    }
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

  /** The names the index lists as kept, oldest first; empty without a readable index. */
  private List<String> list() throws IOException {
    List<String> names = new ArrayList<>();
    for (String[] entry : indexEntries()) {
      String name = new Path(entry[1]).getName();
      if (entry[0].equals("all_model_checkpoint_paths") && !names.contains(name)) {
        names.add(name);
      }
    }
    return names;
  }

  /** The checkpoint the index names as latest (qualified), or null without an index or such a line. */
  private Path indexedLatest() throws IOException {
    for (String[] entry : indexEntries()) {
      if (entry[0].equals("model_checkpoint_path")) {
        Path p = new Path(entry[1]);
        return fs.makeQualified(p.isAbsolute() ? p : new Path(dir, entry[1]));
      }
    }
    return null;
  }

  /** The index's (key, path) lines; lines that are not entries (a damaged index) are ignored. */
  private List<String[]> indexEntries() throws IOException {
    Path index = new Path(dir, INDEX);
    List<String[]> entries = new ArrayList<>();
    String text;
    try (InputStream in = fs.open(index)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (FileNotFoundException e) {
      return entries;
    }
    for (String line : text.split("\n")) {
      Matcher m = ENTRY.matcher(line.trim());
      if (m.matches() && CHECKPOINT.matcher(m.group(2).substring(m.group(2).lastIndexOf('/') + 1)).matches()) {
        entries.add(new String[] {m.group(1), m.group(2)});
      }
    }
    return entries;
  }

  /** The {@code model.ckpt-<step>} files in the directory (qualified), highest step first. */
  private List<Path> onDisk() throws IOException {
    FileStatus[] found;
    try {
      found = fs.listStatus(dir, p -> CHECKPOINT.matcher(p.getName()).matches());
    } catch (FileNotFoundException e) {
      return List.of();
    }
    return Arrays.stream(found).filter(FileStatus::isFile).map(f -> fs.makeQualified(f.getPath()))
        .sorted(Comparator.comparingLong(Checkpoints::stepOf).reversed()).toList();
  }

  private static String reason(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.lines().findFirst().orElse("").trim();
  }
}
