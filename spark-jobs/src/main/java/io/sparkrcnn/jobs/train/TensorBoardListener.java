package io.sparkrcnn.jobs.train;

import io.sparkrcnn.io.tensorboard.EventFileWriter;
import io.sparkrcnn.model.checkpoint.Checkpoints;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;

/** The train_dir's TensorBoard event file: the mean losses, learning rate and speed of every closed log window. */
final class TensorBoardListener implements TrainingListener {
  private final Checkpoints checkpoints;
  private EventFileWriter events;

  TensorBoardListener(Checkpoints checkpoints) {
    this.checkpoints = checkpoints;
  }

  @Override
  public void beforeTraining(ComputationGraph graph, long numSteps) throws IOException {
    events = checkpoints.events();
  }

  @Override
  public void afterRound(RoundEnd end) throws IOException {
    LogWindow.Summary s = end.logged();
    if (s == null) {
      return;
    }
    Map<String, Double> scalars = new LinkedHashMap<>(s.losses());
    scalars.put("LearningRate", s.learningRate());
    scalars.put("images/sec", s.imagesPerSecond());
    scalars.put("global_step/sec", s.stepsPerSecond());
    events.scalars(s.step(), scalars);
  }

  @Override
  public void afterTraining() throws IOException {
    if (events != null) {
      events.close();
    }
  }
}
