package io.sparkrcnn.jobs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The CPU's model name as {@code lscpu} shows it (Linux's /proc/cpuinfo), else the JVM's architecture. */
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
}
