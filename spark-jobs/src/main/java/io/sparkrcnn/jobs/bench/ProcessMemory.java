package io.sparkrcnn.jobs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's resident memory as Linux reports it in {@code /proc/self/status}: now ({@code VmRSS}) and its peak
 * since start or since the last {@link #resetPeak} ({@code VmHWM}). Resetting writes 5 to
 * {@code /proc/self/clear_refs}, which a process may do to itself.
 */
final class ProcessMemory {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

  private ProcessMemory() {}

  /** Whether this system reports resident memory and lets its peak be reset (Linux). */
  static boolean available() {
    return Files.isReadable(STATUS) && Files.isWritable(CLEAR_REFS);
  }

  static long residentBytes() throws IOException {
    return field("VmRSS");
  }

  static long peakResidentBytes() throws IOException {
    return field("VmHWM");
  }

  /** Sets the peak to the current resident size. */
  static void resetPeak() throws IOException {
    Files.writeString(CLEAR_REFS, "5");
  }

  /** A {@code kB} field of /proc/self/status, in bytes. */
  private static long field(String name) throws IOException {
    for (String line : Files.readAllLines(STATUS)) {
      if (line.startsWith(name + ":")) {
        String[] parts = line.substring(name.length() + 1).trim().split("\\s+");
        return Long.parseLong(parts[0]) * 1024;
      }
    }
    throw new IOException(STATUS + " has no " + name);
  }
}
