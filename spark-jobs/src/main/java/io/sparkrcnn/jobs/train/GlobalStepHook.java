package io.sparkrcnn.jobs.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Puts each worker's copy of the graph at the global step before it trains. DL4J's parameter-averaging worker
 * builds its graph from a clone of the configuration, and {@code ComputationGraphConfiguration.clone()} drops
 * the iteration count: without this hook every round would start at iteration 0 on the workers, so the
 * learning-rate schedule (and the seeded anchor sampling) would never move past the first steps. The trainer sets
 * {@link #roundStart} before each round; each task gets its own copy with that value.
 */
final class GlobalStepHook implements MultiDataSetHook {
  private static final long serialVersionUID = 1L;
  private long roundStart;

  void roundStart(long step) {
    this.roundStart = step;
  }

  @Override
  public void preUpdate(MultiDataSet minibatch, Model model) {
    ComputationGraph graph = (ComputationGraph) model;
    if (graph.getIterationCount() < roundStart) {
      graph.getConfiguration().setIterationCount((int) (roundStart + graph.getIterationCount()));
    }
  }
}
