package io.sparkrcnn.jobs.train;

import java.util.List;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * DL4J's parameter averaging with saved updater state, one round at a time, for one driver graph: each partition of
 * a round's batches trains on its own worker ({@link RoundWorker}) from the graph's parameters, updater state and
 * iteration count (one broadcast per round, {@link ParameterPayload}), and the workers' results are summed
 * ({@code treeAggregate}, depth 2) and averaged into the graph ({@link ParameterAverage}). The configuration is
 * broadcast once; executors keep their graphs across rounds ({@link WorkerGraphs}). Unlike DL4J's training master,
 * the graph's iteration count is left to the caller.
 */
final class AveragingRounds implements AutoCloseable {
  private static final int AGGREGATION_DEPTH = 2;
  private final JavaSparkContext sc;
  private final ComputationGraph graph;
  private final List<TrainingHook> hooks;
  private final int batchSize;
  private final int prefetchBatches;
  private final Broadcast<String> configuration;

  AveragingRounds(JavaSparkContext sc, ComputationGraph graph, List<TrainingHook> hooks, int batchSize,
      int prefetchBatches) {
    this.sc = sc;
    this.graph = graph;
    this.hooks = List.copyOf(hooks);
    this.batchSize = batchSize;
    this.prefetchBatches = prefetchBatches;
    ComputationGraphConfiguration conf = graph.getConfiguration().clone();
    conf.setIterationCount(0); // the counts travel with each round's parameters, not in the pool's key
    conf.setEpochCount(0);
    this.configuration = sc.broadcast(conf.toJson());
  }

  /**
   * Trains one round on {@code batches} (one partition per worker) and sets the average into the graph; returns the
   * workers' mean score.
   */
  double fit(JavaRDD<MultiDataSet> batches) {
    Broadcast<ParameterPayload> start = sc.broadcast(ParameterPayload.viewOf(graph));
    String round = UUID.randomUUID().toString();
    try {
      ParameterAverage sum = new ParameterAverage();
      ParameterPayload total = batches.mapPartitions(new RoundWorker(configuration, start, hooks, batchSize,
          prefetchBatches, round)).treeAggregate(null, sum, sum, AGGREGATION_DEPTH);
      if (total == null) {
        throw new IllegalStateException("no worker had a batch to train on in this round");
      }
      return ParameterAverage.setInto(graph, total);
    } finally {
      DriverJvmResults.release(round);
      start.destroy();
    }
  }

  @Override
  public void close() {
    configuration.destroy();
  }
}
