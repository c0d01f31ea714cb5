package io.sparkrcnn.jobs.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The pipeline configs shipped in cluster-configs/pipelines, read from a module's folder as the tests run there. */
public final class ShippedConfigs {
  private ShippedConfigs() {}

  /** The shipped config {@code name} as it is in the repository (input paths PATH_TO_BE_CONFIGURED). */
  public static Path path(String name) {
    return Path.of("..", "cluster-configs", "pipelines", name);
  }

  /** The text of the shipped config {@code name} with its input paths set to the folder {@code records}. */
  public static String text(String name, String records) throws IOException {
    return Files.readString(path(name)).replace("PATH_TO_BE_CONFIGURED", records);
  }

  /** Writes {@link #text} to {@code file} and returns {@code file}. */
  public static Path write(String name, String records, Path file) throws IOException {
    Files.writeString(file, text(name, records));
    return file;
  }
}
