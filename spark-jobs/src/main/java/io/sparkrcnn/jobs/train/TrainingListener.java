package io.sparkrcnn.jobs.train;

import java.io.IOException;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * What the trainer's round loop calls on the driver, as Detectron2's hooks: before the first round, after each
 * averaging round (its steps, losses and timings, and the log window it closed, if any), and after the last one,
 * also when a round failed. Listeners run in the order given; one that throws ends the run.
 */
public interface TrainingListener {
  /** The end of one averaging round: the graph holds the averaged parameters, its iteration count the new step. */
  record RoundEnd(ComputationGraph graph, SparkTrainer.Round round, long numSteps, double averagedScore,
      LogWindow.Summary logged) {
    /** The global step after the round. */
    public long step() {
      return round.step() + round.steps();
    }
  }

  default void beforeTraining(ComputationGraph graph, long numSteps) throws IOException {}

  void afterRound(RoundEnd end) throws IOException;

  default void afterTraining() throws IOException {}
}
