package io.sparkrcnn.jobs.train;

import io.sparkrcnn.model.config.TrainSettings;
import io.sparkrcnn.model.checkpoint.Checkpoints;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Trains the detector on Spark with DL4J's parameter averaging: a round loop plus {@link TrainingListener}s for
 * unusable records, divergence, the progress log, TensorBoard events and checkpoints, in that order. Work goes in
 * rounds: each of the W workers (one partition of the cached records each) takes up to {@code averagingFrequency}
 * steps on its own batches from the same starting parameters, then the driver averages parameters and updater state
 * (tree aggregation) and broadcasts them for the next round. The global step counts steps per worker, as the
 * reference's global step counts synchronous updates: after a round of r steps it has advanced by r, and the
 * learning-rate schedule, the checkpoints and the logs follow it. Rounds are cut short so that checkpoints land on
 * their steps.
 */
public final class SparkTrainer {
  /** How the run is spread and reported. */
  public record Options(int workers, int averagingFrequency, int prefetchBatches, int checkpointEvery, int logEvery) {
    public Options {
      if (workers < 1 || averagingFrequency < 1 || checkpointEvery < 1 || logEvery < 1 || prefetchBatches < 0) {
        throw new IllegalArgumentException("workers, averaging frequency, checkpoint and log intervals must be >= 1,"
            + " prefetch >= 0");
      }
    }
  }

  /**
   * One averaging round: from {@code step} for {@code steps} steps, its wall time, of which {@code prepSeconds}
   * went to preparing the workers' batches (decode, resize, stack), and the workers' sums.
   */
  public record Round(long step, int steps, double wallSeconds, double prepSeconds, Map<String, Double> totals) {
    /** Mean milliseconds a worker spent in {@code fit} per step. */
    public double fitMillisPerStep() {
      return totals.getOrDefault(LossReportingHook.FIT_MS, 0.0) / Math.max(1, totals.getOrDefault(
          LossReportingHook.STEPS, 0.0));
    }

    public double images() {
      return totals.getOrDefault(LossReportingHook.IMAGES, 0.0);
    }
  }

  /**
   * What a run ended with: the loss is the workers' mean over the last logged steps; {@code unusableRecords} the
   * most unusable records (undecodable images, broken examples) the workers skipped in one round.
   */
  public record Result(long step, double loss, double imagesPerSecond, Path checkpoint, long unusableRecords) {}

  private final JavaSparkContext sc;
  private final TrainSettings train;
  private final BatchSpec batches;
  private final Checkpoints checkpoints;
  private final Options options;
  private final PrintWriter log;
  private final List<TrainingHook> hooks = new ArrayList<>();
  private Consumer<Round> onRound = r -> {};

  public SparkTrainer(JavaSparkContext sc, TrainSettings train, BatchSpec batches, Checkpoints checkpoints,
      Options options, PrintWriter log) {
    this.sc = sc;
    this.train = train;
    this.batches = batches;
    this.checkpoints = checkpoints;
    this.options = options;
    this.log = log;
  }

  /** Adds a hook that runs on the workers around every minibatch (after the loss reporting one). */
  public SparkTrainer hook(TrainingHook hook) {
    hooks.add(hook);
    return this;
  }

  /** Called on the driver after every round (benchmarks time rounds with it). */
  public SparkTrainer onRound(Consumer<Round> callback) {
    this.onRound = callback;
    return this;
  }

  /**
   * Trains {@code graph} (fresh, fine-tuned or restored; its iteration count is the global step) to
   * {@code numSteps}.
   */
  public Result train(ComputationGraph graph, ShardRecords records, long numSteps) throws IOException {
    LossTotals totals = new LossTotals();
    sc.sc().register(totals, "sparkrcnn losses");
    List<TrainingHook> all = new ArrayList<>();
    all.add(new LossReportingHook(totals));
    all.add(new ComputeThreadsHook());
    all.addAll(hooks);
    UnusableRecordsLog unusable = new UnusableRecordsLog(log);
    CheckpointListener saver = new CheckpointListener(checkpoints, options.checkpointEvery(), log);
    List<TrainingListener> listeners = List.of(unusable, end -> onRound.accept(end.round()),
        new DivergenceListener(checkpoints), new ProgressLog(log, options.workers()),
        new TensorBoardListener(checkpoints), saver);
    try (AveragingRounds averaging = new AveragingRounds(sc, graph, all, batches.batchSize(),
        options.prefetchBatches())) {
      long startStep = graph.getIterationCount();
      long started = System.nanoTime();
      LogWindow.Summary last = run(graph, averaging, totals, records, numSteps, listeners);
      long step = graph.getIterationCount();
      double seconds = (System.nanoTime() - started) / 1e9;
      double overall = (step - startStep) * (double) options.workers() * batches.batchSize()
          / Math.max(seconds, 1e-9);
      return new Result(step, last == null ? Double.NaN : last.loss(),
          step == startStep ? (last == null ? 0 : last.imagesPerSecond()) : overall, saver.last(),
          unusable.most());
    }
  }

  /** The round loop; returns the last closed log window. */
  private LogWindow.Summary run(ComputationGraph graph, AveragingRounds averaging, LossTotals totals,
      ShardRecords records, long numSteps, List<TrainingListener> listeners) throws IOException {
    long step = graph.getIterationCount();
    LogWindow window = new LogWindow(options.workers(), options.logEvery());
    LogWindow.Summary last = null;
    for (TrainingListener l : listeners) {
      l.beforeTraining(graph, numSteps);
    }
    try {
      while (step < numSteps) {
        long nextCheckpoint = (step / options.checkpointEvery() + 1) * options.checkpointEvery();
        int r = (int) Math.min(options.averagingFrequency(), Math.min(numSteps, nextCheckpoint) - step);
        JavaRDD<MultiDataSet> round = records.rdd().mapPartitionsWithIndex(new RoundBatches(batches, step, r,
            totals), true);
        totals.reset();
        long t0 = System.nanoTime();
        round.persist(StorageLevel.MEMORY_ONLY()); // prepared in a job of its own, timed as preparation
        round.count();
        double prep = (System.nanoTime() - t0) / 1e9;
        double averagedScore = averaging.fit(round);
        double seconds = (System.nanoTime() - t0) / 1e9;
        round.unpersist();
        long before = step;
        step += r;
        graph.getConfiguration().setIterationCount((int) step);
        Map<String, Double> sums = totals.value();
        LogWindow.Summary logged = window.add(before, step, numSteps, sums, seconds, train.learningRateAt(step - 1));
        last = logged != null ? logged : last;
        TrainingListener.RoundEnd end = new TrainingListener.RoundEnd(graph, new Round(before, r, seconds, prep,
            sums), numSteps, averagedScore, logged);
        for (TrainingListener l : listeners) {
          l.afterRound(end);
        }
      }
    } finally {
      for (TrainingListener l : listeners) {
        l.afterTraining();
      }
    }
    return last;
  }
}
