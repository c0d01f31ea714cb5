package io.sparkrcnn.jobs.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import scala.Tuple2;

/** Hadoop settings for commands that run without a Spark context, with the {@code spark.hadoop.*} ones applied. */
public final class HadoopConfigurations {
  private HadoopConfigurations() {}

  /**
   * The Hadoop configuration a Spark context would have: defaults plus every {@code spark.hadoop.x}
   * from {@code --conf}, spark-defaults.conf or {@code -D} as {@code x} (S3A credentials, HDFS HA…).
   */
  public static Configuration fromSparkConf() {
    Configuration conf = new Configuration();
    for (Tuple2<String, String> kv : new SparkConf().getAllWithPrefix("spark.hadoop.")) {
      conf.set(kv._1(), kv._2());
    }
    return conf;
  }
}
