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
    if (conf.get("spark.master").startsWith("local") && !conf.contains("spark.ui.enabled")) {
      conf.set("spark.ui.enabled", "false");
    }
    return new JavaSparkContext(conf);
  }
}
