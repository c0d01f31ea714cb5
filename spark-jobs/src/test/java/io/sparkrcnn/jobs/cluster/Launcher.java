package io.sparkrcnn.jobs.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code submit-scripts/sparkrcnn --master <cluster> ...} in a child process, as a user runs it without a Spark
 * install (no SPARK_HOME: Spark's SparkSubmit from the project's jars), with small executors for the test cluster.
 */
final class Launcher {
  private static final Path SCRIPT = Path.of("..", "submit-scripts", "sparkrcnn");
  /** Executors and a cluster-mode driver that fit the test Workers; both executors registered before jobs run. */
  static final String SUBMIT_OPTS = "--conf spark.executor.memory=768m --conf spark.driver.memory=512m"
      + " --conf spark.ui.enabled=false --conf spark.scheduler.minRegisteredResourcesRatio=1.0"
      + " --conf spark.scheduler.maxRegisteredResourcesWaitingTime=60s";

  private Launcher() {}

  /** Starts the launcher with {@code --master master} and {@code args}; stdout and stderr go into {@code log}. */
  static Process start(Path log, String master, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString(), "--master", master));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().remove("SPARK_HOME");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("SPARKRCNN_SUBMIT_OPTS", SUBMIT_OPTS);
    pb.environment().put("SPARKRCNN_JAVA_OPTS", "-Xmx768m");
    return pb.start();
  }

  /** Runs the launcher to its end (at most {@code minutes}) and returns its exit status. */
  static int run(Path log, int minutes, String master, String... args) throws Exception {
    Process p = start(log, master, args);
    if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("sparkrcnn still running after " + minutes + " min; log:\n" + Files.readString(log));
    }
    return p.exitValue();
  }

  /** Waits until {@code log} holds {@code fragment}; fails when {@code p} ends first or after {@code timeout}. */
  static void awaitLine(Path log, Process p, String fragment, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!Files.readString(log).contains(fragment)) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError("no '" + fragment + "' in the log (" + (p.isAlive() ? "timed out" : "ended "
            + p.exitValue()) + "):\n" + Files.readString(log));
      }
      Thread.sleep(200);
    }
  }
}
