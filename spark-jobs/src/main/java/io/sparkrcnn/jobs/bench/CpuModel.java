package io.sparkrcnn.jobs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU's model name as {@code lscpu} shows it (Linux's /proc/cpuinfo), else the JVM's architecture; and the
 * load average, which says how shared the machine was.
 */
final class CpuModel {
  private CpuModel() {}

  static String name() {
    try {
      return name(Files.readString(Path.of("/proc/cpuinfo")));
    } catch (IOException | RuntimeException e) {
      return System.getProperty("os.arch");
    }
  }

  /** The first {@code model name} of a /proc/cpuinfo text, else the JVM's architecture. */
  static String name(String cpuinfo) {
    for (String line : cpuinfo.split("\n")) {
      if (line.startsWith("model name") && line.contains(":")) {
        return line.substring(line.indexOf(':') + 1).strip();
      }
    }
    return System.getProperty("os.arch");
  }

  /** The 1-, 5- and 15-minute load averages of /proc/loadavg, or "unknown". */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
