package io.sparkrcnn.jobs.spark;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Creates the job's Spark context: the master and settings that {@code spark-submit} or
 * {@code -Dspark.*} give, else local mode on every core (so a laptop needs no Spark install).
 */
public final class SparkContexts {
  private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\d+)?])?");

  private static final AtomicBoolean CREATED = new AtomicBoolean();

  private SparkContexts() {}

  public static JavaSparkContext create(String appName) {
    return created(new JavaSparkContext(conf(appName, 0)));
  }

  /**
   * A context for {@code workers} training tasks: in local mode each task gets an equal share of the cores
   * ({@code spark.task.cpus} = cores ÷ workers, at least 1) unless {@code spark.task.cpus} is set, so that each
   * worker computes on its share (see {@code ComputeThreadsHook}) instead of all of them competing for every core.
   */
  public static JavaSparkContext create(String appName, int workers) {
    return created(new JavaSparkContext(conf(appName, workers)));
  }

  private static JavaSparkContext created(JavaSparkContext sc) {
    CREATED.set(true);
    return sc;
  }

  /**
   * In YARN cluster mode, starts and stops a context if this JVM has made none: the ApplicationMaster fails an
   * application whose {@code main} returns without one ("User did not initialize spark context!", exit 13), and
   * some runs need no Spark (export {@code --skip_eval}, synth, train already at its last step). Elsewhere nothing.
   */
  public static void ensureOneInYarnCluster() {
    SparkConf conf = new SparkConf();
    if (!CREATED.get() && isYarnCluster(conf)) {
      create("sparkrcnn").stop();
    }
  }

  static boolean isYarnCluster(SparkConf conf) {
    return conf.get("spark.master", "").equals("yarn") && conf.get("spark.submit.deployMode", "client").equals("cluster");
  }

  static SparkConf conf(String appName, int workers) {
    SparkConf conf = new SparkConf().setAppName(appName);
    if (!conf.contains("spark.master")) {
      conf.setMaster("local[*]");
    }
    int cores = localCores(conf.get("spark.master"));
    if (conf.get("spark.master").startsWith("local")) {
      conf.setIfMissing("spark.ui.enabled", "false");
    }
    if (cores > 0) { // local[...] only, not local-cluster[...] (executors in other JVMs)
      // Local mode has no network: a task result (a worker's parameters and momentum, 213 MB for ResNet-50) goes to
      // the driver in memory instead of through the block manager and a loopback fetch, and broadcasts, which
      // tasks read as the driver's own object, are not compressed for nobody.
      conf.setIfMissing("spark.rpc.message.maxSize", "2047");
      conf.setIfMissing("spark.task.maxDirectResultSize", "2047m");
      conf.setIfMissing("spark.broadcast.compress", "false");
    }
    if (workers > 0 && cores > 0 && !conf.contains("spark.task.cpus")) {
      conf.set("spark.task.cpus", Integer.toString(Math.max(1, cores / workers)));
    }
    return conf;
  }

  /** The cores of a local master ({@code local}, {@code local[N]}, {@code local[*]}, with retries), else 0. */
  static int localCores(String master) {
    Matcher m = LOCAL.matcher(master);
    if (!m.matches()) {
      return 0;
    }
    if (m.group(1) == null) {
      return 1;
    }
    return m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(m.group(1));
  }
}
