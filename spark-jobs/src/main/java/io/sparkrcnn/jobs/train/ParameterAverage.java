package io.sparkrcnn.jobs.train;

import org.apache.spark.api.java.function.Function2;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's parameter averaging of the workers' results ({@code ParameterAveragingTrainingMaster.processResults}):
 * parameters summed and divided by the number of workers, updater state likewise, the score their mean. As the
 * {@code treeAggregate} function it sums two partial results into the first, in place; {@link #setInto} divides and
 * sets the average into the driver's graph.
 */
final class ParameterAverage implements Function2<ParameterPayload, ParameterPayload, ParameterPayload> {
  private static final long serialVersionUID = 1L;

  @Override
  public ParameterPayload call(ParameterPayload sum, ParameterPayload next) {
    return sum == null ? next : next == null ? sum : sum.addi(next);
  }

  /** Sets the average of {@code sum} (a sum of worker results) into {@code graph}; returns the mean score. */
  static double setInto(ComputationGraph graph, ParameterPayload sum) {
    INDArray params = sum.params().divi(sum.count());
    graph.setParams(params);
    INDArray state = sum.updaterState();
    if (state != null) {
      graph.getUpdater().setStateViewArray(state.divi(sum.count()));
    }
    return sum.scoreSum() / sum.count();
  }
}
