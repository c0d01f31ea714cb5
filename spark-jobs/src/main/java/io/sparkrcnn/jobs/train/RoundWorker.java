package io.sparkrcnn.jobs.train;

import io.sparkrcnn.jobs.spark.TaskDevices;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.datasets.iterator.AsyncMultiDataSetIterator;
import org.deeplearning4j.datasets.iterator.IteratorMultiDataSetIterator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One worker's share of an averaging round, run as the task of one partition: takes a graph from
 * {@link WorkerGraphs}, loads the broadcast parameters, updater state and counts into it (the global step, so the
 * learning-rate schedule and the seeded anchor sampling follow it), fits each batch of the partition with the hooks
 * called around it as DL4J's {@code ParameterAveragingTrainingWorker} calls them ({@code preUpdate}, {@code fit},
 * {@code postUpdate}), and returns the graph's parameters, updater state and last score. An empty partition returns
 * nothing and is not averaged.
 */
final class RoundWorker implements FlatMapFunction<Iterator<MultiDataSet>, ParameterPayload> {
  private static final long serialVersionUID = 1L;
  private final Broadcast<String> configuration;
  private final Broadcast<ParameterPayload> start;
  private final List<TrainingHook> hooks;
  private final int batchSize;
  private final int prefetchBatches;
  private final String round;

  RoundWorker(Broadcast<String> configuration, Broadcast<ParameterPayload> start, List<TrainingHook> hooks,
      int batchSize, int prefetchBatches, String round) {
    this.configuration = configuration;
    this.start = start;
    this.hooks = hooks;
    this.batchSize = batchSize;
    this.prefetchBatches = prefetchBatches;
    this.round = round;
  }

  @Override
  public Iterator<ParameterPayload> call(Iterator<MultiDataSet> batches) {
    TaskDevices.selectForTask(); // before any array of the round exists: they go to the task's GPU
    if (!batches.hasNext()) {
      return Collections.emptyIterator();
    }
    String conf = configuration.value();
    ParameterPayload from = start.value();
    ComputationGraph graph = WorkerGraphs.take(conf, from.params());
    MultiDataSetIterator it = new IteratorMultiDataSetIterator(batches, batchSize);
    if (prefetchBatches > 0) {
      it = new AsyncMultiDataSetIterator(it, prefetchBatches);
    }
    try {
      from.loadInto(graph);
      while (it.hasNext()) {
        MultiDataSet batch = it.next();
        for (TrainingHook h : hooks) {
          h.preUpdate(batch, graph);
        }
        graph.fit(batch);
        for (TrainingHook h : hooks) {
          h.postUpdate(batch, graph);
        }
      }
      Nd4j.getExecutioner().commit();
      ParameterPayload result = ParameterPayload.resultOf(graph, round);
      WorkerGraphs.give(conf, graph);
      return Collections.singletonList(result).iterator();
    } finally {
      if (it instanceof AsyncMultiDataSetIterator async) {
        async.shutdown();
      }
    }
  }
}
