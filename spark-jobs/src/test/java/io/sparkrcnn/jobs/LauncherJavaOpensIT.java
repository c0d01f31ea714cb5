package io.sparkrcnn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One {@code --add-opens} list: the root pom's {@code spark.java17.opens} is what the tests run with, what the build
 * writes into {@code io/sparkrcnn/jobs/java17-opens.txt}, and what {@code submit-scripts/sparkrcnn} hands to
 * {@code java} in local mode and to {@code spark-submit} for the driver and executors (both stood in for by scripts
 * that record their arguments).
 */
class LauncherJavaOpensIT {
  @TempDir Path tmp;

  /** The flags as the build wrote them for the launcher (and into the jars). */
  static List<String> resourceFlags() throws IOException {
    try (InputStream in = LauncherJavaOpensIT.class.getResourceAsStream("/io/sparkrcnn/jobs/java17-opens.txt")) {
      assertTrue(in != null, "io/sparkrcnn/jobs/java17-opens.txt is on the classpath");
      return split(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static List<String> split(String flags) {
    return Arrays.asList(flags.trim().split("\\s+"));
  }

  /** Runs the launcher with {@code PATH} and {@code SPARK_HOME} giving recording stand-ins; returns what they got. */
  private List<String> launch(String... args) throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path recorded = tmp.resolve("args.txt");
    for (String name : List.of("java", "spark-submit")) {
      Path script = bin.resolve(name);
      Files.writeString(script, "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"" + recorded + "\"\n");
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    List<String> command = new ArrayList<>(List.of("bash", Path.of("..", "submit-scripts", "sparkrcnn").toString()));
    command.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("launcher.log").toFile());
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.environment().put("SPARK_HOME", tmp.toString());
    pb.environment().put("HADOOP_CONF_DIR", tmp.toString());
    Process p = pb.start();
    assertTrue(p.waitFor(1, TimeUnit.MINUTES), "the launcher finished");
    assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("launcher.log")));
    return Files.readAllLines(recorded);
  }

  @Test
  void thePomsListIsTheOneTheBuildWritesAndTheTestsRunWith() throws Exception {
    List<String> pom = split(System.getProperty("sparkrcnn.javaOpens"));
    assertTrue(pom.size() > 5 && pom.stream().allMatch(f -> f.startsWith("--add-opens=java.base/")), pom.toString());
    assertEquals(pom, resourceFlags());
    assertTrue(ManagementFactory.getRuntimeMXBean().getInputArguments().containsAll(pom),
        "this JVM was started with the pom's flags");
  }

  @Test
  void theLauncherPassesTheListToJavaInLocalMode() throws Exception {
    List<String> flags = resourceFlags();
    List<String> java = launch("synth", "--help");
    assertTrue(java.size() > flags.size() + 2, java.toString());
    assertEquals(flags, java.subList(0, flags.size()), java.toString());
    assertEquals(List.of("synth", "--help"), java.subList(java.size() - 2, java.size()));
  }

  @Test
  void theLauncherPassesTheListToSparkSubmitForTheDriverAndTheExecutors() throws Exception {
    String joined = String.join(" ", resourceFlags());
    List<String> submit = launch("--master", "yarn", "eval", "--help");
    assertTrue(submit.contains("spark.driver.defaultJavaOptions=" + joined), submit.toString());
    assertTrue(submit.contains("spark.executor.defaultJavaOptions=" + joined), submit.toString());
    assertEquals(List.of("--master", "yarn"), submit.subList(0, 2));
  }
}
