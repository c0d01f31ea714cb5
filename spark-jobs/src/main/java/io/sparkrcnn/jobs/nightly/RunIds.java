package io.sparkrcnn.jobs.nightly;

import io.sparkrcnn.jobs.UserError;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * How a nightly run gets its id, a folder of {@code WORK_DIR/runs/}: {@code --run_id} when given (resumed when that
 * run has not finished, refused when it has); else the unfinished run of greatest id (one whose {@code run.json}
 * has no exit status, or that has none: its JVM was killed) is resumed; else a new id, the UTC start time
 * {@code yyyyMMdd'T'HHmmss'Z'} ({@code -2}, {@code -3}… appended when taken). Call it while holding the model_dir's
 * lock.
 */
final class RunIds {
  static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** The run's id, whether it resumes an earlier start, and that start's record (null when there is none). */
  record Choice(String id, boolean resumed, RunRecord record) {}

  private RunIds() {}

  static Choice choose(FileSystem fs, Path runs, String requested, Clock clock) throws IOException {
    if (requested != null) {
      check(requested);
      Path dir = new Path(runs, requested);
      if (!fs.exists(dir)) {
        return new Choice(requested, false, null);
      }
      RunRecord record = RunRecord.read(fs, dir);
      if (record != null && record.finished()) {
        throw new UserError("--run_id " + requested + ": that run has finished (" + record.status() + ", exit "
            + record.exitStatus() + ", " + new Path(dir, RunRecord.NAME) + "); give a new --run_id or none");
      }
      return new Choice(requested, true, record);
    }
    List<String> ids = existing(fs, runs);
    for (String id : ids) {
      RunRecord record = RunRecord.read(fs, new Path(runs, id));
      if (record == null || !record.finished()) {
        return new Choice(id, true, record);
      }
    }
    String stamp = STAMP.format(clock.instant());
    String id = stamp;
    for (int n = 2; ids.contains(id); n++) {
      id = stamp + "-" + n;
    }
    return new Choice(id, false, null);
  }

  /** Refuses an id that is not a plain folder name. */
  static void check(String id) {
    if (!ID.matcher(id).matches()) {
      throw new UserError("--run_id '" + id + "' is not a run id: use letters, digits, '.', '_' and '-' (at most"
          + " 100, not starting with '.', '_' or '-')");
    }
  }

  /** The ids of the runs in {@code runs}, greatest first. */
  private static List<String> existing(FileSystem fs, Path runs) throws IOException {
    List<String> ids = new ArrayList<>();
    try {
      for (FileStatus s : fs.listStatus(runs)) {
        if (s.isDirectory() && ID.matcher(s.getPath().getName()).matches()) {
          ids.add(s.getPath().getName());
        }
      }
    } catch (FileNotFoundException e) {
      return ids;
    }
    ids.sort(Comparator.reverseOrder());
    return ids;
  }
}
