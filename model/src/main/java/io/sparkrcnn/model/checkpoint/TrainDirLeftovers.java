package io.sparkrcnn.model.checkpoint;

import io.sparkrcnn.io.fs.AtomicReplace;
import io.sparkrcnn.io.fs.AtomicWrite;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What runs killed in a train dir leave of the files a run writes there ({@code model.ckpt-N}, {@code checkpoint},
 * {@code pipeline.config}): temporary files of {@link AtomicWrite}, and old versions {@link AtomicReplace} moved
 * aside. Other files are left alone.
 */
final class TrainDirLeftovers {
  private static final String OWN_FILES = "(model\\.ckpt-\\d+|checkpoint|pipeline\\.config)";

  private TrainDirLeftovers() {}

  /** Removes the temporary files, puts old versions back where nothing replaced them; says so in one line. */
  static void remove(FileSystem fs, Path dir, PrintWriter log) throws IOException {
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
}
