package io.sparkrcnn.model.train;

import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.config.TrainSettings;
import io.sparkrcnn.model.detector.FasterRcnnGraph;
import io.sparkrcnn.model.input.DetectionBatch;
import io.sparkrcnn.model.input.ImagePreparer;
import io.sparkrcnn.model.input.KeepAspectRatioResizer;
import io.sparkrcnn.model.input.TrainingBatches;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Trains the detector in this JVM: resumes from the latest checkpoint in {@code train_dir} if there is one,
 * runs steps up to {@code numSteps} (one batch each), logs every {@code logEvery} steps and checkpoints every
 * {@code checkpointEvery} steps and at the end.
 */
public final class LocalTrainer {
  private final PipelineSettings settings;
  private final Checkpoints checkpoints;
  private final long seed;
  private final PrintWriter log;
  private int logEvery = 10;
  private int checkpointEvery = 500;

  /** What a run ended with. */
  public record Result(long step, double loss, double imagesPerSecond, Path checkpoint, int skippedRecords) {}

  public LocalTrainer(PipelineSettings settings, Checkpoints checkpoints, long seed, PrintWriter log) {
    this.settings = settings;
    this.checkpoints = checkpoints;
    this.seed = seed;
    this.log = log;
  }

  public LocalTrainer logEvery(int steps) {
    this.logEvery = Math.max(1, steps);
    return this;
  }

  public LocalTrainer checkpointEvery(int steps) {
    this.checkpointEvery = Math.max(1, steps);
    return this;
  }

  /**
   * The graph to train: restored from the latest checkpoint in the train dir; else freshly initialised and, when the
   * config names a {@code fine_tune_checkpoint}, started from its matching weights.
   */
  public ComputationGraph startingGraph() throws IOException {
    return StartingGraph.create(settings, checkpoints, seed, log, ParameterScopes.NONE, ParameterScopes.NONE);
  }

  /** The scalars TensorBoard shows, under the reference's tags. */
  static java.util.Map<String, Double> summaries(ComputationGraph graph, double loss, double lr, double imagesPerSecond,
      int batchSize) {
    java.util.Map<String, Double> s = new java.util.LinkedHashMap<>();
    s.put("Losses/TotalLoss", loss);
    for (int i = 0; i < graph.getNumOutputArrays(); i++) {
      if (graph.getOutputLayer(i) instanceof io.sparkrcnn.model.layers.DetectionLossLayer<?> l) {
        l.lossComponents().forEach((k, v) -> s.put("Losses/" + k, v));
      }
    }
    s.put("LearningRate", lr);
    s.put("images/sec", imagesPerSecond);
    s.put("global_step/sec", imagesPerSecond / batchSize);
    return s;
  }

  public Result train(List<byte[]> records, long numSteps) throws IOException {
    return train(startingGraph(), records, numSteps);
  }

  /** Trains {@code graph} (from {@link #startingGraph}) to {@code numSteps}. */
  public Result train(ComputationGraph graph, List<byte[]> records, long numSteps) throws IOException {
    try (EventFileWriter events = checkpoints.events()) {
      return train(graph, records, numSteps, events);
    }
  }

  private Result train(ComputationGraph graph, List<byte[]> records, long numSteps, EventFileWriter events)
      throws IOException {
    TrainSettings t = settings.train();
    var model = settings.model();
    TrainingBatches batches = new TrainingBatches(records,
        new ImagePreparer(new KeepAspectRatioResizer(model.minDimension(), model.maxDimension())), t.batchSize(),
        t.maxBoxes(), t.randomHorizontalFlip(), seed + graph.getIterationCount());
    long step = graph.getIterationCount();
    double loss = Double.NaN;
    long started = System.nanoTime();
    long windowStart = started;
    long windowImages = 0;
    long images = 0;
    double rate = 0;
    Path last = null;
    while (step < numSteps) {
      DetectionBatch batch = batches.next();
      graph.fit(batch.data());
      step++;
      images += batch.size();
      windowImages += batch.size();
      loss = graph.score();
      if (!Double.isFinite(loss)) {
        throw new IllegalStateException("loss became " + loss + " at step " + step + "; the last good checkpoint is "
            + checkpoints.latest() + " (lower the learning rate or check the input)");
      }
      if (step % logEvery == 0 || step == numSteps) {
        long now = System.nanoTime();
        rate = windowImages / ((now - windowStart) / 1e9);
        double eta = (numSteps - step) * t.batchSize() / Math.max(rate, 1e-9);
        log.printf(Locale.ROOT, "step %d/%d  loss %.4f (rpn %.4f, box %.4f)  lr %.2g  %.2f images/s  eta %.0f s%n",
            step, numSteps, loss, graph.getOutputLayer(0).score(), graph.getOutputLayer(1).score(),
            t.learningRateAt(step - 1), rate, eta);
        events.scalars(step, summaries(graph, loss, t.learningRateAt(step - 1), rate, t.batchSize()));
        log.flush();
        windowStart = now;
        windowImages = 0;
      }
      if (step % checkpointEvery == 0 || step == numSteps) {
        last = checkpoints.write(graph, step);
      }
    }
    double overall = images / Math.max((System.nanoTime() - started) / 1e9, 1e-9);
    if (last == null) {
      last = checkpoints.latest();
    }
    return new Result(step, loss, images == 0 ? rate : overall, last, batches.skipped());
  }
}
