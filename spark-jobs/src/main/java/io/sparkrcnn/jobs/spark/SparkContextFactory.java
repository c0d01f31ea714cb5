package io.sparkrcnn.jobs.spark;

import org.apache.spark.api.java.JavaSparkContext;

/** How a job gets its Spark context, once its checks have passed; the job closes it when done. */
@FunctionalInterface
public interface SparkContextFactory {
  /** The command line's: {@link SparkContexts#create(String, int)}. */
  SparkContextFactory DEFAULT = SparkContexts::create;

  /** A context named {@code appName} for {@code workers} training tasks (0: not a training job). */
  JavaSparkContext create(String appName, int workers);
}
