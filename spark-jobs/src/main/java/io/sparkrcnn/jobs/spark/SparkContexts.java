package io.sparkrcnn.jobs.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Creates the job's Spark context: the master and settings that {@code spark-submit} or
 * {@code -Dspark.*} give, else local mode on every core (so a laptop needs no Spark install).
 */
public final class SparkContexts {
  private SparkContexts() {}

  public static JavaSparkContext create(String appName) {
    SparkConf conf = new SparkConf().setAppName(appName);
    if (!conf.contains("spark.master")) {
      conf.setMaster("local[*]");
    }
    if (conf.get("spark.master").startsWith("local")) {
      conf.setIfMissing("spark.ui.enabled", "false");
      // Local mode has no network: a task result (a worker's parameters and momentum, 213 MB for ResNet-50) goes to
      // the driver in memory instead of through the block manager and a loopback fetch, and broadcasts, which
      // tasks read as the driver's own object, are not compressed for nobody.
      conf.setIfMissing("spark.rpc.message.maxSize", "2047");
      conf.setIfMissing("spark.task.maxDirectResultSize", "2047m");
      conf.setIfMissing("spark.broadcast.compress", "false");
    }
    return new JavaSparkContext(conf);
  }
}
