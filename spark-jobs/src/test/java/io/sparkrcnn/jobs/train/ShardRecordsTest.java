package io.sparkrcnn.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.jobs.testing.Cli;
import io.sparkrcnn.model.config.InputSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training records spread over the workers: as evenly as the records allow, whatever the shards hold. */
class ShardRecordsTest {
  @TempDir Path tmp;

  @Test
  void unevenShardsAreSpreadSoThatWorkersDifferByOneRecordAtMost() throws Exception {
    // 12 train records in 10 shards of 1 or 2: Spark's repartition(2) gave the workers 9 and 3
    Path out = Cli.syntheticRecords(tmp, 3, 12, "64x48");
    InputSettings input = new InputSettings(List.of(out.resolve("pet_faces_train.record-*").toString()), "");
    try (JavaSparkContext sc = new JavaSparkContext(new SparkConf().setMaster("local[2]")
        .setAppName("ShardRecordsTest").set("spark.ui.enabled", "false"))) {
      ShardRecords r = ShardRecords.load(sc, new Configuration(), input, "test.config", 2, 4,
          new PrintWriter(new StringWriter()));
      List<Integer> sizes = r.rdd().glom().map(List::size).collect();
      assertEquals(2, sizes.size());
      assertEquals(r.count(), sizes.get(0) + sizes.get(1));
      assertTrue(Math.abs(sizes.get(0) - sizes.get(1)) <= 1, sizes.toString());
      assertEquals(Math.min(sizes.get(0), sizes.get(1)), r.fewestPerWorker());
      r.release();
    }
  }
}
