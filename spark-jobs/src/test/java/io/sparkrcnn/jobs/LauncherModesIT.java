package io.sparkrcnn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * submit-scripts/sparkrcnn's deploy modes, Kerberos flags, exit statuses and refusals, with stand-ins for
 * {@code spark-submit} (SPARK_HOME) and {@code java} (the project's own SparkSubmit) that record their arguments and
 * print what a real spark-submit logs about the driver's end.
 */
class LauncherModesIT {
  @TempDir Path tmp;

  private record Result(int exit, String output, List<String> args, String submitOpts) {
    String conf(String key) {
      return args.stream().filter(a -> a.startsWith(key + "=")).map(a -> a.substring(key.length() + 1))
          .reduce((a, b) -> b).orElse(null);
    }
  }

  /** Runs the launcher; {@code env} adds to its environment (SPARK_HOME="" removes it). */
  private Result launch(Map<String, String> env, String... args) throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    String standIn = "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"" + tmp.resolve("args.txt") + "\"\n"
        + "printf '%s' \"${SPARK_SUBMIT_OPTS:-}\" > \"" + tmp.resolve("opts.txt") + "\"\n"
        + "printf '%b' \"${STANDIN_STDERR:-}\" >&2\nexit \"${STANDIN_EXIT:-0}\"\n";
    for (String name : List.of("java", "spark-submit")) {
      Path script = bin.resolve(name);
      Files.writeString(script, standIn);
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Files.deleteIfExists(tmp.resolve("args.txt"));
    List<String> command = new ArrayList<>(List.of("bash", Path.of("..", "submit-scripts", "sparkrcnn").toString()));
    command.addAll(Arrays.asList(args));
    Path log = tmp.resolve("launcher.log");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.environment().put("SPARK_HOME", tmp.toString());
    pb.environment().put("HADOOP_CONF_DIR", tmp.toString());
    pb.environment().remove("SPARKRCNN_SUBMIT_OPTS");
    pb.environment().remove("SPARK_SUBMIT_OPTS");
    env.forEach((k, v) -> {
      if (v.isEmpty()) {
        pb.environment().remove(k);
      } else {
        pb.environment().put(k, v);
      }
    });
    Process p = pb.start();
    assertTrue(p.waitFor(1, TimeUnit.MINUTES), "the launcher finished");
    Path recorded = tmp.resolve("args.txt");
    return new Result(p.exitValue(), Files.readString(log),
        Files.exists(recorded) ? Files.readAllLines(recorded) : List.of(),
        Files.exists(recorded) ? Files.readString(tmp.resolve("opts.txt")) : "");
  }

  private static String opens() throws Exception {
    return String.join(" ", LauncherJavaOpensIT.resourceFlags());
  }

  private static void assertOneLineRefusal(Result r, String part) {
    assertEquals(2, r.exit(), r.output());
    assertTrue(r.args().isEmpty(), "nothing was started: " + r.args());
    String[] lines = r.output().strip().split("\n");
    assertEquals(1, lines.length, r.output());
    assertTrue(lines[0].startsWith("sparkrcnn: ") && lines[0].contains(part), r.output());
  }

  @Test
  void standaloneClusterModeGivesTheDriverTheFlagsWaitsAndExitsByTheDriversFinalState() throws Exception {
    Map<String, String> env = new HashMap<>(Map.of("STANDIN_STDERR",
        "INFO ClientEndpoint: State of driver driver-7 is RUNNING\n"
            + "INFO ClientEndpoint: State of driver driver-7 is FINISHED, exiting spark-submit JVM.\n",
        "SPARKRCNN_SUBMIT_OPTS", "--conf spark.driver.extraJavaOptions=-Dmine=1\n  --conf spark.task.maxFailures=8"));
    Result done = launch(env, "--master", "spark://m:7077", "--deploy-mode", "cluster", "eval", "--help");
    assertEquals(0, done.exit(), done.output());
    assertEquals(List.of("--master", "spark://m:7077", "--deploy-mode", "cluster"), done.args().subList(0, 4));
    assertEquals(opens() + " -Dmine=1", done.conf("spark.driver.extraJavaOptions"), "the flags, then the user's");
    assertEquals(1, done.args().stream().filter(a -> a.startsWith("spark.driver.extraJavaOptions=")).count());
    assertEquals("true", done.conf("spark.standalone.submit.waitAppCompletion"));
    assertEquals(opens(), done.conf("spark.executor.defaultJavaOptions"));
    assertEquals("8", done.conf("spark.task.maxFailures"));
    assertTrue(done.submitOpts().contains("log4j2-submit.properties"), "spark-submit logs the driver's state");

    env.put("STANDIN_STDERR", "State of driver driver-7 is FAILED, exiting spark-submit JVM.\n");
    Result failed = launch(env, "--master", "spark://m:7077", "--deploy-mode", "cluster", "eval", "--help");
    assertEquals(1, failed.exit(), failed.output());
    assertTrue(failed.output().contains("sparkrcnn: driver driver-7 ended FAILED"), failed.output());

    env.put("STANDIN_STDERR", "");
    Result silent = launch(env, "--master", "spark://m:6066", "--deploy-mode", "cluster", "eval", "--help");
    assertEquals(1, silent.exit(), "no final state reported is no success: " + silent.output());

    env.put("STANDIN_EXIT", "255");
    assertEquals(255, launch(env, "--master", "spark://m:7077", "--deploy-mode", "cluster", "eval").exit());
  }

  @Test
  void kubernetesClusterModeExitsByTheDriverPodsPhase() throws Exception {
    Map<String, String> env = new HashMap<>(Map.of("STANDIN_STDERR",
        "State changed, new state:\n\t pod name: rcnn-driver\n\t phase: Running\n\t pod name: rcnn-driver\n"
            + "\t phase: Failed\n"));
    Result failed = launch(env, "--master", "k8s://https://k:6443", "--deploy-mode", "cluster", "train");
    assertEquals(1, failed.exit(), failed.output());
    assertTrue(failed.output().contains("sparkrcnn: the driver pod rcnn-driver ended in phase Failed"),
        failed.output());
    assertEquals("true", failed.conf("spark.kubernetes.submission.waitAppCompletion"));
    assertEquals(opens(), failed.conf("spark.driver.defaultJavaOptions"));

    env.put("STANDIN_STDERR", "\t phase: Pending\n\t phase: Succeeded\n");
    assertEquals(0, launch(env, "--master", "k8s://https://k:6443", "--deploy-mode", "cluster", "train").exit());
    assertOneLineRefusal(launch(Map.of("SPARK_HOME", ""), "--master", "k8s://https://k:6443", "train"),
        "needs SPARK_HOME");
  }

  @Test
  void yarnPassesKerberosAndWaitsAndWithoutSparkHomeRunsTheProjectsSparkSubmit() throws Exception {
    Path keytab = Files.writeString(tmp.resolve("alice.keytab"), "k");
    Result r = launch(Map.of("STANDIN_EXIT", "1"), "--master", "yarn", "--deploy-mode", "cluster",
        "--principal", "alice@EXAMPLE.COM", "--keytab", keytab.toString(), "train", "--num_workers", "2");
    assertEquals(1, r.exit(), "spark-submit's failure (YARN reported FAILED) is the launcher's");
    int principal = r.args().indexOf("--principal");
    assertEquals(List.of("--principal", "alice@EXAMPLE.COM", "--keytab", keytab.toString()),
        r.args().subList(principal, principal + 4));
    assertEquals("true", r.conf("spark.yarn.submit.waitAppCompletion"));
    assertEquals("1", r.conf("spark.yarn.maxAppAttempts"), "no second attempt on the first one's output");
    assertEquals(List.of("train", "--num_workers", "2"), r.args().subList(r.args().size() - 3, r.args().size()));

    Result own = launch(Map.of("SPARK_HOME", ""), "--master", "yarn", "eval", "--help");
    assertEquals(0, own.exit(), own.output());
    List<String> flags = LauncherJavaOpensIT.resourceFlags();
    assertEquals(flags, own.args().subList(0, flags.size()), "the client-mode driver JVM gets the flags");
    assertTrue(own.args().contains("org.apache.spark.deploy.SparkSubmit"), own.args().toString());
    String classpath = own.args().get(own.args().indexOf("-cp") + 1);
    assertTrue(classpath.startsWith(tmp + ":"), "Hadoop reads yarn-site.xml from the classpath: " + classpath);
    String jars = own.conf("spark.yarn.jars");
    assertTrue(jars != null && jars.contains("spark-core_2.12") && !jars.contains("deeplearning4j"), jars);
    assertFalse(own.args().stream().anyMatch(a -> a.contains("nd4j-native")), "ours come in the fat jar");
  }

  @Test
  void badLauncherInputIsRefusedInOneLine() throws Exception {
    assertOneLineRefusal(launch(Map.of(), "--master", "mesos://m:5050", "train"), "--master 'mesos://m:5050'");
    assertOneLineRefusal(launch(Map.of(), "--master", "yarn", "--deploy-mode", "both", "train"), "--deploy-mode");
    assertOneLineRefusal(launch(Map.of(), "--master", "yarn", "--num-executors", "3", "train"), "--num-executors");
    assertOneLineRefusal(launch(Map.of(), "--deploy-mode", "cluster", "train"), "needs a cluster --master");
    assertOneLineRefusal(launch(Map.of(), "--master", "yarn", "--principal", "alice", "train"), "--keytab");
    assertOneLineRefusal(launch(Map.of(), "--master", "yarn", "--principal", "a", "--keytab", "/nope", "train"),
        "/nope");
    assertOneLineRefusal(launch(Map.of("HADOOP_CONF_DIR", ""), "--master", "yarn", "train"), "HADOOP_CONF_DIR");
    assertOneLineRefusal(launch(Map.of("SPARKRCNN_SUBMIT_OPTS", "--deploy-mode cluster"), "--master", "yarn",
        "train"), "--deploy-mode before the command");
    assertOneLineRefusal(launch(Map.of(), "--master", "spark://m:7077"), "no command");
  }
}
