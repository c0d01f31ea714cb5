package io.sparkrcnn.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.io.example.GroundTruth;
import io.sparkrcnn.io.testing.LocalFs;
import io.sparkrcnn.jobs.testing.Cli;
import io.sparkrcnn.model.input.RecordFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.example.Example;

/** Eval records read on the executors: the same records, in the same order, as reading them all on the driver. */
class EvalRecordsTest {
  @TempDir Path tmp;

  @Test
  void theFirstNumExamplesInInputOrderAreTakenAcrossFiles() throws Exception {
    Path records = Cli.syntheticRecords(tmp, 3, 12, "64x48"); // 10 val shards of 0 to 2 records
    List<String> inputs = List.of(records.resolve("pet_faces_val.record-?????-of-00010").toString());
    List<String> expected = new ArrayList<>();
    for (byte[] r : RecordFiles.readAll(LocalFs.get(), inputs)) {
      expected.add(GroundTruth.of(Example.parseFrom(r)).sourceId());
    }
    try (JavaSparkContext sc = new JavaSparkContext(new SparkConf().setMaster("local[2]")
        .setAppName("EvalRecordsTest").set("spark.ui.enabled", "false"))) {
      EvalRecords eval = EvalRecords.of(sc, new Configuration(), inputs);
      EvalRecords.Counts counts = eval.count();
      assertEquals(expected.size(), counts.total());
      assertEquals(3, counts.maxLabel());
      int n = expected.size() - 3;
      List<ScoredRecord> first = eval.score(CheckpointScoring.take(counts.perFile(), n), null);
      assertEquals(expected.subList(0, n), first.stream().map(r -> r.truth().sourceId()).toList());
      assertTrue(first.stream().allMatch(r -> r.problem() == null && r.found() == null));
      assertEquals(expected, eval.score(null, null).stream().map(r -> r.truth().sourceId()).toList());
    }
  }

  @Test
  void takeCountsTheFirstRecordsFileByFile() {
    assertArrayEquals(new long[] {3, 0, 2, 0}, CheckpointScoring.take(new long[] {3, 0, 4, 2}, 5));
    assertArrayEquals(new long[] {3, 0, 4, 2}, CheckpointScoring.take(new long[] {3, 0, 4, 2}, 100));
    assertNull(CheckpointScoring.take(new long[] {3, 0, 4, 2}, 0));
  }
}
