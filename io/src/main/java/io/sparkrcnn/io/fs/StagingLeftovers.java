package io.sparkrcnn.io.fs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The hidden {@code .NAME.staging-<run>} and {@code .NAME.attempts-<run>} directories that a killed run of
 * {@link StagedOutput} leaves beside its output. Each run records its owner (host, process id, process start)
 * in its attempts directory; a later successful run for the same output removes the leftovers of runs whose
 * owner is gone (same host, process ended) or that have not changed for {@link #STALE_AFTER_MS}, and names the
 * others, which may belong to a run still going.
 */
public final class StagingLeftovers {
  /** Leftovers untouched for this long are removed even when their owner cannot be checked (another host). */
  public static final long STALE_AFTER_MS = 24L * 60 * 60 * 1000;
  static final String OWNER_FILE = "_owner";
  private static final Pattern RUN_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private StagingLeftovers() {}

  /** Records the current process as the owner of the run whose attempts directory this is. */
  static void markOwner(FileSystem fs, Path attempts) throws IOException {
    ProcessIdentity self = ProcessIdentity.current();
    String line = self.host() + " " + self.pid() + " " + self.startMillis();
    try (OutputStream o = fs.create(new Path(attempts, OWNER_FILE), true)) {
      o.write(line.getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * Removes the stale leftovers of other runs for {@code output}; returns the ones left in place.
   *
   * @param ownRun the run id of the caller, never touched
   */
  static List<Path> clean(FileSystem fs, Path output, String ownRun, long nowMillis) throws IOException {
    Pattern own = Pattern.compile("\\." + Pattern.quote(output.getName()) + "\\.(staging|attempts)-("
        + RUN_ID.pattern() + ")");
    Map<String, List<FileStatus>> byRun = new TreeMap<>();
    for (FileStatus s : fs.listStatus(output.getParent())) {
      Matcher m = own.matcher(s.getPath().getName());
      if (s.isDirectory() && m.matches() && !m.group(2).equals(ownRun)) {
        byRun.computeIfAbsent(m.group(2), k -> new ArrayList<>()).add(s);
      }
    }
    List<Path> kept = new ArrayList<>();
    for (List<FileStatus> dirs : byRun.values()) {
      Boolean alive = ownerAlive(fs, dirs);
      if (Boolean.FALSE.equals(alive) || alive == null && nowMillis - lastChange(fs, dirs) > STALE_AFTER_MS) {
        for (FileStatus d : dirs) {
          fs.delete(d.getPath(), true);
        }
      } else {
        dirs.forEach(d -> kept.add(d.getPath()));
      }
    }
    return kept;
  }

  /** One line naming leftovers that were kept, for a command to print as a warning. */
  public static String warning(Path output, List<Path> kept) {
    return "left " + kept.size() + " hidden staging director" + (kept.size() == 1 ? "y" : "ies") + " of other runs"
        + " beside " + output + " (" + kept.stream().map(Path::getName).collect(Collectors.joining(", "))
        + ") since a run may still be using them; if none is, remove them (a later run does once they are "
        + STALE_AFTER_MS / 3_600_000 + " h old)";
  }

  /** Whether the run's owner process still runs; null when that cannot be told (no owner file, another host). */
  private static Boolean ownerAlive(FileSystem fs, List<FileStatus> dirs) throws IOException {
    for (FileStatus d : dirs) {
      Path owner = new Path(d.getPath(), OWNER_FILE);
      if (fs.exists(owner)) {
        String[] parts;
        try (InputStream in = fs.open(owner)) {
          parts = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split(" ");
        }
        if (parts.length != 3) {
          return null;
        }
        return alive(parts[0], parts[1], parts[2]);
      }
    }
    return null;
  }

  private static Boolean alive(String host, String pid, String startMillis) {
    try {
      return new ProcessIdentity(host, Long.parseLong(pid), Long.parseLong(startMillis)).alive().orElse(null);
    } catch (NumberFormatException e) {
      return null; // not our format: do not guess
    }
  }

  private static long lastChange(FileSystem fs, List<FileStatus> dirs) throws IOException {
    long last = 0;
    for (FileStatus d : dirs) {
      last = Math.max(last, d.getModificationTime());
      for (FileStatus child : fs.listStatus(d.getPath())) {
        last = Math.max(last, child.getModificationTime());
      }
    }
    return last;
  }
}
