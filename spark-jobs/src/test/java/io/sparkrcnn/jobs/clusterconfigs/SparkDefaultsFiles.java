package io.sparkrcnn.jobs.clusterconfigs;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The shipped {@code cluster-configs/<cluster>/spark-defaults.conf} files read as spark-submit reads a
 * {@code --properties-file} (Java properties, values trimmed), and their commented-out optional settings: lines
 * starting {@code #GPU# } (the application's GPU requests) and {@code #WORKER# } (a standalone Worker's).
 */
final class SparkDefaultsFiles {
  static final List<String> CLUSTERS = List.of("standalone", "yarn", "kubernetes");

  private SparkDefaultsFiles() {}

  static Path path(String cluster) {
    return Path.of("..", "cluster-configs", cluster, "spark-defaults.conf");
  }

  /** The file's active settings. */
  static Map<String, String> active(String cluster) throws IOException {
    return parse(Files.readString(path(cluster)));
  }

  /** The settings behind {@code prefix} (e.g. {@code "#GPU# "}), as they read once the prefix is removed. */
  static Map<String, String> optional(String cluster, String prefix) throws IOException {
    String text = Files.readAllLines(path(cluster)).stream().filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length())).collect(Collectors.joining("\n"));
    return parse(text);
  }

  static Map<String, String> parse(String text) throws IOException {
    Properties p = new Properties();
    p.load(new StringReader(text));
    Map<String, String> out = new LinkedHashMap<>();
    p.stringPropertyNames().stream().sorted().forEach(k -> out.put(k, p.getProperty(k).trim()));
    return out;
  }

  /** The Java 17 flags of the root pom's spark.java17.opens, as the build writes them for the launcher. */
  static List<String> pomOpens() throws IOException {
    try (InputStream in = SparkDefaultsFiles.class.getResourceAsStream("/io/sparkrcnn/jobs/java17-opens.txt")) {
      if (in == null) {
        throw new IllegalStateException("io/sparkrcnn/jobs/java17-opens.txt is not on the classpath: build first");
      }
      return Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split("\\s+"));
    }
  }

  /** The {@code --add-opens} flags of a JVM options value, in order. */
  static List<String> opensOf(String javaOptions) {
    return Arrays.stream(javaOptions.trim().split("\\s+")).filter(f -> f.startsWith("--add-opens")).toList();
  }

  /** The options of a JVM options value other than its {@code --add-opens} flags, in order. */
  static List<String> othersOf(String javaOptions) {
    return Arrays.stream(javaOptions.trim().split("\\s+")).filter(f -> !f.startsWith("--add-opens")).toList();
  }
}
