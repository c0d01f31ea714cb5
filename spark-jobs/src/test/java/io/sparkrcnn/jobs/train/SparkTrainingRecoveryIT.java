package io.sparkrcnn.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.model.checkpoint.Checkpoints;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.detector.FasterRcnnGraph;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * {@link SparkTrainer} in local mode with two workers on shards in a MiniDFSCluster: a resumed run restores exactly,
 * a failed task is retried, a diverging run stops and keeps its last good checkpoint.
 */
@Tag("slow")
class SparkTrainingRecoveryIT extends TinyShardsOnHdfs {
  private static JavaSparkContext localSpark(String master) {
    return new JavaSparkContext(new SparkConf().setMaster(master).setAppName("SparkTrainingRecoveryIT")
        .set("spark.ui.enabled", "false"));
  }

  private record Run(PipelineSettings settings, Checkpoints checkpoints, SparkTrainer trainer, ShardRecords records,
      StringWriter log) {}

  private static Run trainer(JavaSparkContext sc, String dir, int checkpointEvery) throws Exception {
    PipelineSettings settings = PipelineSettings.parse(Files.readString(config), config.toString());
    Checkpoints checkpoints = new Checkpoints(hdfs, new org.apache.hadoop.fs.Path(root + dir), 5);
    StringWriter log = new StringWriter();
    ShardRecords records = ShardRecords.load(sc, hdfs.getConf(), settings.trainInput(), config.toString(), 2,
        new PrintWriter(log, true));
    SparkTrainer trainer = new SparkTrainer(sc, settings.train(), BatchSpec.of(settings, 3), checkpoints,
        new SparkTrainer.Options(2, 2, 1, checkpointEvery, 2), new PrintWriter(log, true));
    return new Run(settings, checkpoints, trainer, records, log);
  }

  private static ComputationGraph graph(Run run) {
    return FasterRcnnGraph.build(run.settings().model(), run.settings().train(), 3);
  }

  /** Records the iteration count each worker's graph trains at (the learning-rate schedule's position). */
  static final class RecordSteps implements MultiDataSetHook {
    static final Set<Integer> seen = ConcurrentHashMap.newKeySet();

    @Override
    public void preUpdate(MultiDataSet minibatch, Model model) {
      seen.add(((ComputationGraph) model).getIterationCount());
    }
  }

  @Test
  void aResumedRunStartsFromExactlyTheSavedParametersUpdaterAndStep() throws Exception {
    RecordSteps.seen.clear();
    try (JavaSparkContext sc = localSpark("local[2]")) {
      Run run = trainer(sc, "/train/exact", 4);
      run.trainer().hook(new RecordSteps());
      ComputationGraph graph = graph(run);
      SparkTrainer.Result r = run.trainer().train(graph, run.records(), 4);
      assertEquals(4, r.step());
      ComputationGraph restored = run.checkpoints().load(run.checkpoints().latest());
      assertEquals(4, restored.getIterationCount());
      assertEquals(graph.params(), restored.params());
      assertEquals(graph.getUpdater().getStateViewArray(), restored.getUpdater().getStateViewArray());
      assertTrue(graph.getUpdater().getStateViewArray().amaxNumber().doubleValue() > 0, "momentum was saved");
      SparkTrainer.Result more = run.trainer().train(restored, run.records(), 6);
      assertEquals(6, more.step());
      // workers trained at the global step in every round (DL4J's worker alone would restart each round at 0)
      assertEquals(Set.of(0, 1, 2, 3, 4, 5), RecordSteps.seen);
      assertTrue(run.log().toString().contains("step 6/6"), run.log().toString());
    }
  }

  /** Fails the first attempt of the task that trains step 3 on worker 0; a retried attempt goes through. */
  static final class FailOnce implements MultiDataSetHook {
    static final AtomicInteger failures = new AtomicInteger();

    @Override
    public void preUpdate(MultiDataSet minibatch, Model model) {
      ComputationGraph g = (ComputationGraph) model;
      TaskContext task = TaskContext.get();
      if (g.getIterationCount() == 2 && task.partitionId() == 0 && task.attemptNumber() == 0) {
        failures.incrementAndGet();
        throw new IllegalStateException("injected executor failure at step 3");
      }
    }
  }

  @Test
  void aTaskThatFailsMidTrainingIsRetriedAndTheRunCompletes() throws Exception {
    FailOnce.failures.set(0);
    try (JavaSparkContext sc = localSpark("local[2,4]")) {
      Run run = trainer(sc, "/train/retried", 100);
      run.trainer().hook(new FailOnce());
      SparkTrainer.Result r = run.trainer().train(graph(run), run.records(), 6);
      assertEquals(1, FailOnce.failures.get(), "the failure was injected once");
      assertEquals(6, r.step());
      assertTrue(Double.isFinite(r.loss()));
      assertTrue(existsOnHdfs(root + "/train/retried/model.ckpt-6"));
    }
  }

  /** Makes the parameters of worker 1 NaN from step 3 on, as an exploding gradient would. */
  static final class Explode implements MultiDataSetHook {
    @Override
    public void postUpdate(MultiDataSet minibatch, Model model) {
      if (((ComputationGraph) model).getIterationCount() >= 3 && TaskContext.get().partitionId() == 1) {
        model.params().assign(Double.NaN);
      }
    }
  }

  @Test
  void aDivergingRunStopsWithOneMessageAndKeepsTheLastGoodCheckpoint() throws Exception {
    try (JavaSparkContext sc = localSpark("local[2]")) {
      Run run = trainer(sc, "/train/diverged", 2);
      run.trainer().hook(new Explode());
      ComputationGraph graph = graph(run);
      TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
          () -> run.trainer().train(graph, run.records(), 8));
      assertTrue(e.getMessage().contains("model.ckpt-2") && e.getMessage().contains("steps 3-4"), e.getMessage());
      assertEquals("model.ckpt-2", run.checkpoints().latest().getName());
      assertFalse(existsOnHdfs(root + "/train/diverged/model.ckpt-4"));
    }
  }
}
