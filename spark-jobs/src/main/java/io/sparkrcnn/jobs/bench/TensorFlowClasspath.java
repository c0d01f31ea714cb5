package io.sparkrcnn.jobs.bench;

import io.sparkrcnn.jobs.UserError;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The classpath of the TensorFlow child JVM of {@code sparkrcnn bench inference}: TensorFlow for Java's jars (the
 * coordinates in {@code tensorflow-runtime.txt}, versions from the build, {@code {platform}} the JavaCPP platform)
 * found in a local Maven repository, or given as a path list ({@code --tensorflow_classpath}).
 */
final class TensorFlowClasspath {
  private static final String COORDINATES = "tensorflow-runtime.txt";

  /** The jars when all are there, else the coordinates ({@code group:artifact:version[:classifier]}) missing. */
  record Lookup(List<Path> jars, List<String> missing) {
    boolean found() {
      return missing.isEmpty();
    }

    /** One line saying how to fetch the missing jars into the local repository. */
    String howToGet(Path repository) {
      return "TensorFlow for Java's jars are not in " + repository + " (" + String.join(", ", missing) + "): get them"
          + " with " + missing.stream().map(TensorFlowClasspath::dependencyGet).collect(Collectors.joining("; "))
          + " or pass --tensorflow_classpath JAR:JAR:...";
    }
  }

  private TensorFlowClasspath() {}

  /** The TensorFlow runtime's coordinates, {@code {platform}} replaced by {@code platform}. */
  static List<String> coordinates(String platform) throws IOException {
    try (InputStream in = TensorFlowClasspath.class.getResourceAsStream(COORDINATES)) {
      if (in == null) {
        throw new IllegalStateException(COORDINATES + " is missing from the build");
      }
      List<String> out = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          out.add(line.strip().replace("{platform}", platform));
        }
      }
      return out;
    }
  }

  /** Looks up {@code coordinates} in the Maven repository {@code repository} (its default layout). */
  static Lookup find(Path repository, List<String> coordinates) {
    List<Path> jars = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String c : coordinates) {
      Path jar = repository.resolve(path(c));
      if (Files.isRegularFile(jar)) {
        jars.add(jar);
      } else {
        missing.add(c);
      }
    }
    return new Lookup(jars, missing);
  }

  /** The jars of a {@code --tensorflow_classpath} value; a path that is not a file is refused. */
  static List<Path> given(String classpath) {
    List<Path> jars = new ArrayList<>();
    for (String entry : classpath.split(File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      Path p = Path.of(entry);
      if (!Files.exists(p)) {
        throw new UserError("--tensorflow_classpath: " + p + " does not exist; give TensorFlow for Java's jars,"
            + " separated by '" + File.pathSeparator + "'");
      }
      jars.add(p);
    }
    if (jars.isEmpty()) {
      throw new UserError("--tensorflow_classpath is empty; give TensorFlow for Java's jars");
    }
    return jars;
  }

  /** The repository path of {@code group:artifact:version[:classifier]}'s jar. */
  static String path(String coordinate) {
    String[] p = coordinate.split(":");
    String file = p[1] + "-" + p[2] + (p.length > 3 ? "-" + p[3] : "") + ".jar";
    return p[0].replace('.', '/') + "/" + p[1] + "/" + p[2] + "/" + file;
  }

  /** The Maven command that fetches one coordinate's jar. */
  static String dependencyGet(String coordinate) {
    String[] p = coordinate.split(":");
    String artifact = p[0] + ":" + p[1] + ":" + p[2] + (p.length > 3 ? ":jar:" + p[3] : "");
    return "`mvn dependency:get -Dartifact=" + artifact + " -Dtransitive=false`";
  }
}
