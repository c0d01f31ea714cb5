package io.sparkrcnn.model.checkpoint;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Finding the newest checkpoint of a train dir that loads: the index's latest, then the others it lists (newest
 * first), then the {@code model.ckpt-<step>} files on disk (highest step first), saying in one line what was passed
 * over. A file this user may not read stops the search (it is not damage).
 */
final class NewestWholeCheckpoint {
  /** Loads one checkpoint with its updater state. */
  interface Loader {
    ComputationGraph load(Path checkpoint) throws IOException;
  }

  private NewestWholeCheckpoint() {}

  /**
   * The newest checkpoint that loads, its note naming what was passed over (null when none was); null when the
   * directory holds no checkpoint and no index.
   *
   * @param onDisk the directory's checkpoint files (qualified), highest step first
   * @throws UnusableCheckpointException when there are checkpoints (or an index) but none loads, naming them
   */
  static Checkpoints.Loaded load(FileSystem fs, Path dir, CheckpointIndex index, List<Path> onDisk, Loader loader)
      throws IOException {
    List<String> passed = new ArrayList<>();
    Set<Path> candidates = new LinkedHashSet<>();
    Path indexed = index.latest();
    if (indexed != null) {
      candidates.add(indexed);
      List<Path> listed = new ArrayList<>(index.kept().stream().map(n -> fs.makeQualified(new Path(dir, n))).toList());
      Collections.reverse(listed);
      candidates.addAll(listed);
    } else if (fs.exists(index.path())) {
      passed.add(index.path() + " is not a checkpoint index (it names no model_checkpoint_path)");
    } else if (!onDisk.isEmpty()) {
      passed.add(fs.makeQualified(dir) + " has model.ckpt-<step> files but no 'checkpoint' index (a run stopped"
          + " while writing it?)");
    }
    candidates.addAll(onDisk);
    for (Path c : candidates) {
      String latestNote = c.equals(indexed) ? ", the index's latest," : "";
      if (!fs.exists(c)) {
        passed.add(c + latestNote + " does not exist");
        continue;
      }
      try {
        ComputationGraph graph = loader.load(c);
        return new Checkpoints.Loaded(c, graph, passed.isEmpty() ? null
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

  private static String reason(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.lines().findFirst().orElse("").trim();
  }
}
