package io.sparkrcnn.jobs;

import io.sparkrcnn.io.fs.ProcessIdentity;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** What a {@link DirLock} file says about its holder, and when it last beat. */
final class LockHolder {
  final String text;
  final Map<String, String> fields = new LinkedHashMap<>();
  final long modified;

  private LockHolder(String text, long modified) {
    this.text = text;
    this.modified = modified;
    for (String line : text.split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        fields.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
      }
    }
  }

  static String describeThisRun(String token) {
    ProcessIdentity self = ProcessIdentity.current();
    return "host: " + self.host() + "\npid: " + self.pid() + "\nstarted: " + Instant.now()
        + "\ntoken: " + token + "\n";
  }

  /** The lock's holder, or null when there is no lock. */
  static LockHolder read(FileSystem fs, Path lock) throws IOException {
    try {
      FileStatus status = fs.getFileStatus(lock);
      try (InputStream in = fs.open(lock)) {
        return new LockHolder(new String(in.readAllBytes(), StandardCharsets.UTF_8), status.getModificationTime());
      }
    } catch (FileNotFoundException e) {
      return null;
    }
  }

  /** Why this lock's run is gone, or null while it may run. */
  String staleReason() {
    String host = fields.get("host");
    String pid = fields.get("pid");
    if (host != null && pid != null && pid.matches("\\d{1,18}")
        && !new ProcessIdentity(host, Long.parseLong(pid), 0).alive().orElse(true)) {
      return "its process " + pid + " on " + host + " has ended";
    }
    Duration silent = Duration.ofMillis(System.currentTimeMillis() - modified);
    return silent.compareTo(DirLock.STALE) > 0 ? "no heartbeat for " + silent.toMinutes() + " minutes" : null;
  }

  @Override
  public String toString() {
    long seconds = Math.max(0, (System.currentTimeMillis() - modified) / 1000);
    return "host " + fields.getOrDefault("host", "?") + ", pid " + fields.getOrDefault("pid", "?") + ", started "
        + fields.getOrDefault("started", "?") + ", last heartbeat " + seconds + " s ago";
  }
}
