package io.sparkrcnn.model.checkpoint;

import io.sparkrcnn.io.fs.AtomicWrite;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The {@code checkpoint} index file of a train dir in TensorFlow's text format: {@code model_checkpoint_path:
 * "<latest>"}, then {@code all_model_checkpoint_paths: "<name>"} for each kept checkpoint, oldest first. Reading
 * ignores lines that are not such entries naming a {@code model.ckpt-<step>} (a damaged index).
 */
final class CheckpointIndex {
  static final String NAME = "checkpoint";
  private static final Pattern ENTRY =
      Pattern.compile("^(model_checkpoint_path|all_model_checkpoint_paths):\\s*\"(.*)\"\\s*$");

  private final FileSystem fs;
  private final Path dir;

  CheckpointIndex(FileSystem fs, Path dir) {
    this.fs = fs;
    this.dir = dir;
  }

  /** The index file's path (qualified). */
  Path path() {
    return fs.makeQualified(new Path(dir, NAME));
  }

  /** Writes the index naming {@code latest} and the {@code kept} names (oldest first), atomically. */
  void write(String latest, List<String> kept) throws IOException {
    StringBuilder index = new StringBuilder("model_checkpoint_path: \"" + latest + "\"\n");
    for (String k : kept) {
      index.append("all_model_checkpoint_paths: \"").append(k).append("\"\n");
    }
    AtomicWrite.write(fs, new Path(dir, NAME), index.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The names the index lists as kept, oldest first; empty without a readable index. */
  List<String> kept() throws IOException {
    List<String> names = new ArrayList<>();
    for (String[] entry : entries()) {
      String name = new Path(entry[1]).getName();
      if (entry[0].equals("all_model_checkpoint_paths") && !names.contains(name)) {
        names.add(name);
      }
    }
    return names;
  }

  /** The checkpoint the index names as latest (qualified), or null without an index or such a line. */
  Path latest() throws IOException {
    for (String[] entry : entries()) {
      if (entry[0].equals("model_checkpoint_path")) {
        Path p = new Path(entry[1]);
        return fs.makeQualified(p.isAbsolute() ? p : new Path(dir, entry[1]));
      }
    }
    return null;
  }

  /** The index's (key, path) lines. */
  private List<String[]> entries() throws IOException {
    List<String[]> entries = new ArrayList<>();
    String text;
    try (InputStream in = fs.open(new Path(dir, NAME))) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (FileNotFoundException e) {
      return entries;
    }
    for (String line : text.split("\n")) {
      Matcher m = ENTRY.matcher(line.trim());
      if (m.matches() && Checkpoints.isCheckpointName(m.group(2).substring(m.group(2).lastIndexOf('/') + 1))) {
        entries.add(new String[] {m.group(1), m.group(2)});
      }
    }
    return entries;
  }
}
