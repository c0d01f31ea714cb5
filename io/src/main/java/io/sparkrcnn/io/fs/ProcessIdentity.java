package io.sparkrcnn.io.fs;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;

/**
 * A process as the files that claim an output for a run record it (a train lock, a staging owner): its host, process
 * id and process start time (0 when unknown), and whether it still runs. Only a process of this host can be checked;
 * its start time, when recorded, tells it from a later process that got the same id.
 */
public record ProcessIdentity(String host, long pid, long startMillis) {
  /** The host name recorded when this machine's cannot be found; such a process is never judged gone. */
  public static final String UNKNOWN_HOST = "unknown-host";
  private static final String LOCAL_HOST = lookUpHost();

  /** This process. */
  public static ProcessIdentity current() {
    ProcessHandle self = ProcessHandle.current();
    return new ProcessIdentity(LOCAL_HOST, self.pid(),
        self.info().startInstant().map(Instant::toEpochMilli).orElse(0L));
  }

  /** This machine's host name as {@link #current()} records it. */
  public static String localHost() {
    return LOCAL_HOST;
  }

  /** Whether the process still runs: true or false on this host, empty when it cannot be told (another host). */
  public Optional<Boolean> alive() {
    if (!host.equals(LOCAL_HOST) || LOCAL_HOST.equals(UNKNOWN_HOST)) {
      return Optional.empty();
    }
    Optional<ProcessHandle> p = ProcessHandle.of(pid);
    return Optional.of(p.isPresent() && p.get().isAlive() && (startMillis == 0
        || p.get().info().startInstant().map(i -> i.toEpochMilli() == startMillis).orElse(true)));
  }

  private static String lookUpHost() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return UNKNOWN_HOST;
    }
  }
}
