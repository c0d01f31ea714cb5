package io.sparkrcnn.jobs.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Spark's {@code SparkSubmit} in a child JVM, as a cluster's {@code spark-submit} runs the fat jar: only Spark,
 * Hadoop (and spark-yarn) on the JVM's classpath, everything of ours from the jar. Used by the cluster tests.
 */
public final class SparkSubmitProcess {
  private SparkSubmitProcess() {}

  /**
   * Spark's and Hadoop's jars (and spark-yarn's), none of ours: the build's spark-classpath.txt, which
   * submit-scripts/sparkrcnn and standalone-cluster.sh use too.
   */
  public static String sparkClasspath() throws java.io.IOException {
    return Files.readString(Path.of(System.getProperty("sparkrcnn.sparkClasspath"))).trim();
  }

  /** The fat jar the build made. */
  public static String appJar() {
    return System.getProperty("sparkrcnn.appJar");
  }

  /** The Java 17 {@code --add-opens} flags Spark needs, as the build writes them. */
  public static List<String> javaOpens() {
    return Arrays.asList(System.getProperty("sparkrcnn.javaOpens").trim().split("\\s+"));
  }

  /**
   * {@code java <opens> -cp <spark> SparkSubmit <sparkArgs> <fat jar> <appArgs>}, started, output into {@code log}.
   * A {@code HADOOP_CONF_DIR} or {@code YARN_CONF_DIR} in {@code env} goes first on the classpath, as Spark's
   * launcher puts it there (Hadoop reads core-site.xml and yarn-site.xml from the classpath only).
   */
  public static Process start(Path log, Map<String, String> env, List<String> sparkArgs, String... appArgs)
      throws java.io.IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(javaOpens());
    List<String> classpath = new ArrayList<>();
    for (String confDir : List.of("HADOOP_CONF_DIR", "YARN_CONF_DIR")) {
      if (env.containsKey(confDir)) {
        classpath.add(env.get(confDir));
      }
    }
    classpath.add(sparkClasspath());
    cmd.addAll(List.of("-cp", String.join(File.pathSeparator, classpath), "org.apache.spark.deploy.SparkSubmit"));
    cmd.addAll(sparkArgs);
    cmd.addAll(List.of("--class", "io.sparkrcnn.jobs.SparkRcnn", appJar()));
    cmd.addAll(Arrays.asList(appArgs));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().putAll(env);
    return pb.start();
  }

  /** Runs to the end (at most {@code minutes}) and returns the exit status. */
  public static int run(Path log, int minutes, Map<String, String> env, List<String> sparkArgs, String... appArgs)
      throws Exception {
    Process p = start(log, env, sparkArgs, appArgs);
    if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("spark-submit still running after " + minutes + " min; log:\n" + Files.readString(log));
    }
    return p.exitValue();
  }
}
