package io.sparkrcnn.jobs.yarn;

import io.sparkrcnn.jobs.testing.SparkSubmitProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;

/**
 * {@code spark-submit --master yarn} of the fat jar onto a {@link MiniYarnOnHdfs}, with the settings a YARN user
 * gives (see docs/yarn-notes.md): {@code HADOOP_CONF_DIR}, {@code spark.yarn.jars}, the Java 17 add-opens for the
 * driver, the ApplicationMaster and the executors, {@code JAVA_HOME} for the containers, small containers, one
 * application attempt. Each submission is tagged so that its application is found through {@link
 * org.apache.hadoop.yarn.client.api.YarnClient}.
 */
final class YarnSubmissions {
  private static final EnumSet<YarnApplicationState> FINAL =
      EnumSet.of(YarnApplicationState.FINISHED, YarnApplicationState.FAILED, YarnApplicationState.KILLED);
  private static final AtomicInteger SUBMITTED = new AtomicInteger();

  /** A finished submission: spark-submit's exit status and output, its application's report and attempts. */
  record Outcome(int exit, String log, ApplicationReport app, int attempts) {
    String appId() {
      return app.getApplicationId().toString();
    }

    /** Everything to show when an assertion on this outcome fails. */
    String describe() {
      return app.getYarnApplicationState() + "/" + app.getFinalApplicationStatus() + ", " + attempts
          + " attempt(s), exit " + exit + ", diagnostics: " + app.getDiagnostics() + "\nspark-submit log:\n" + log;
    }
  }

  /** A running submission, its tag naming the application. */
  record Started(Process process, Path log, String tag) {}

  private final MiniYarnOnHdfs cluster;
  private final Path logs;

  YarnSubmissions(MiniYarnOnHdfs cluster, Path logs) {
    this.cluster = cluster;
    this.logs = logs;
  }

  /** The spark-submit options of a submission in {@code deployMode} (client or cluster) tagged {@code tag}. */
  List<String> sparkArgs(String deployMode, String tag) {
    String opens = String.join(" ", SparkSubmitProcess.javaOpens());
    String javaHome = System.getProperty("java.home");
    List<String> args = new ArrayList<>(List.of("--master", "yarn", "--deploy-mode", deployMode,
        "--num-executors", "2", "--executor-cores", "1", "--executor-memory", "768m", "--driver-memory", "768m"));
    for (String conf : List.of("spark.yarn.jars=local:" + cluster.sparkJars + "/*",
        "spark.yarn.maxAppAttempts=1", "spark.yarn.tags=" + tag,
        "spark.yarn.am.memory=512m", "spark.yarn.am.extraJavaOptions=" + opens,
        "spark.driver.extraJavaOptions=" + opens, "spark.executor.extraJavaOptions=" + opens,
        "spark.yarn.appMasterEnv.JAVA_HOME=" + javaHome, "spark.executorEnv.JAVA_HOME=" + javaHome,
        // Spark binds a driver whose host name resolves to loopback to another interface's address; keep to loopback
        "spark.yarn.appMasterEnv.SPARK_LOCAL_IP=127.0.0.1", "spark.executorEnv.SPARK_LOCAL_IP=127.0.0.1",
        "spark.scheduler.minRegisteredResourcesRatio=1.0", "spark.ui.enabled=false")) {
      args.add("--conf");
      args.add(conf);
    }
    return args;
  }

  /** Starts {@code sparkrcnn appArgs} in {@code deployMode}; its output goes to {@code <name>.log}. */
  Started start(String name, String deployMode, String... appArgs) throws Exception {
    String tag = "sparkrcnn-it-" + SUBMITTED.incrementAndGet() + "-" + name.toLowerCase();
    Path log = logs.resolve(name + ".log");
    Process p = SparkSubmitProcess.start(log, Map.of("HADOOP_CONF_DIR", cluster.confDir.toString()),
        sparkArgs(deployMode, tag), appArgs);
    return new Started(p, log, tag);
  }

  /** Waits for a started submission to end (at most {@code minutes}) and its application to reach a final state. */
  Outcome finish(Started s, int minutes) throws Exception {
    if (!s.process().waitFor(minutes, TimeUnit.MINUTES)) {
      s.process().destroyForcibly();
      throw new AssertionError("spark-submit still running after " + minutes + " min; log:\n"
          + Files.readString(s.log()));
    }
    ApplicationReport app = await(s.tag(), FINAL, 60);
    int attempts = cluster.client.getApplicationAttempts(app.getApplicationId()).size();
    return new Outcome(s.process().exitValue(), Files.readString(s.log()), app, attempts);
  }

  /** Runs {@code sparkrcnn appArgs} in {@code deployMode} to the end. */
  Outcome run(String name, String deployMode, String... appArgs) throws Exception {
    return finish(start(name, deployMode, appArgs), 8);
  }

  /** The application tagged {@code tag} once it is in one of {@code states}, waiting at most {@code seconds}. */
  ApplicationReport await(String tag, EnumSet<YarnApplicationState> states, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    ApplicationReport last = null;
    while (System.nanoTime() < deadline) {
      List<ApplicationReport> apps = cluster.client.getApplications(Set.of("SPARK"),
          EnumSet.allOf(YarnApplicationState.class), Set.of(tag));
      if (apps.size() > 1) {
        throw new AssertionError(apps.size() + " applications tagged " + tag);
      }
      last = apps.isEmpty() ? null : apps.get(0);
      if (last != null && states.contains(last.getYarnApplicationState())) {
        return last;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no application tagged " + tag + " in " + states + " after " + seconds + " s; last: "
        + (last == null ? "none" : last.getYarnApplicationState()));
  }

  /** The log {@code file} (stdout, stderr) of the application's ApplicationMaster: the driver's, in cluster mode. */
  String amLog(String appId, String file) throws Exception {
    for (Path log : cluster.containerLogs(appId, file)) {
      if (log.getParent().getFileName().toString().endsWith("_000001")) {
        return Files.readString(log);
      }
    }
    throw new AssertionError("no ApplicationMaster " + file + " for " + appId + " under "
        + cluster.yarn.getTestWorkDir());
  }
}
