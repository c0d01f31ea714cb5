package io.sparkrcnn.jobs.train;

import io.sparkrcnn.model.config.TrainSettings;
import io.sparkrcnn.model.checkpoint.Checkpoints;
import io.sparkrcnn.io.tensorboard.EventFileWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 * Trains the detector on Spark with DL4J's parameter averaging. Work goes in rounds: each of the W workers (one
 * partition of the cached records each) takes up to {@code averagingFrequency} steps on its own batches from the
 * same starting parameters, then the driver averages parameters and updater state (tree aggregation) and
 * broadcasts them for the next round. The global step counts steps per worker, as the reference's global step
 * counts synchronous updates: after a round of r steps it has advanced by r, and the learning-rate schedule, the
 * checkpoints and the logs follow it. Rounds are cut short so that checkpoints land on their steps.
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

  /** Trains {@code graph} (fresh, fine-tuned or restored; its iteration count is the global step) to {@code numSteps}. */
  public Result train(ComputationGraph graph, ShardRecords records, long numSteps) throws IOException {
    LossTotals totals = new LossTotals();
    sc.sc().register(totals, "sparkrcnn losses");
    List<TrainingHook> all = new ArrayList<>();
    all.add(new LossReportingHook(totals));
    all.add(new ComputeThreadsHook());
    all.addAll(hooks);
    try (AveragingRounds averaging = new AveragingRounds(sc, graph, all, batches.batchSize(),
        options.prefetchBatches()); EventFileWriter events = checkpoints.events()) {
      return run(graph, averaging, totals, records, numSteps, events);
    }
  }

  private Result run(ComputationGraph graph, AveragingRounds averaging, LossTotals totals, ShardRecords records,
      long numSteps, EventFileWriter events) throws IOException {
    long step = graph.getIterationCount();
    long started = System.nanoTime();
    long startStep = step;
    Map<String, Double> window = new LinkedHashMap<>();
    double windowSeconds = 0;
    double loss = Double.NaN;
    double rate = 0;
    long unusable = 0;
    Path last = null;
    while (step < numSteps) {
      long nextCheckpoint = (step / options.checkpointEvery() + 1) * options.checkpointEvery();
      int r = (int) Math.min(options.averagingFrequency(), Math.min(numSteps, nextCheckpoint) - step);
      JavaRDD<MultiDataSet> round = records.rdd().mapPartitionsWithIndex(new RoundBatches(batches, step, r, totals),
          true);
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
      long skipped = Math.round(sums.getOrDefault(RoundBatches.UNUSABLE, 0.0));
      if (skipped > unusable) {
        log.printf(Locale.ROOT, "%d unusable training records skipped (images that do not decode, broken"
            + " examples)%n", skipped);
        unusable = skipped;
      }
      onRound.accept(new Round(before, r, seconds, prep, sums));
      double score = sums.getOrDefault(LossReportingHook.TOTAL, averagedScore);
      double paramSum = graph.params().sumNumber().doubleValue();
      if (!Double.isFinite(score) || !Double.isFinite(averagedScore) || !Double.isFinite(paramSum)) {
        throw new TrainingDivergedException("loss became " + (Double.isFinite(score) ? "finite but parameters "
            + paramSum : score) + " in steps " + (before + 1) + "-" + step + "; nothing of this run after "
            + describe(checkpoints.latest()) + " was kept (lower the learning rate or gradient_clipping_by_norm,"
            + " or check the input records)");
      }
      sums.forEach((k, v) -> window.merge(k, v, Double::sum));
      windowSeconds += seconds;
      if (step / options.logEvery() > before / options.logEvery() || step == numSteps) {
        double n = Math.max(1, window.getOrDefault(LossReportingHook.STEPS, 0.0));
        rate = window.getOrDefault(LossReportingHook.IMAGES, 0.0) / Math.max(windowSeconds, 1e-9);
        double stepsPerSecond = (window.getOrDefault(LossReportingHook.STEPS, 0.0) / options.workers())
            / Math.max(windowSeconds, 1e-9);
        double eta = (numSteps - step) / Math.max(stepsPerSecond, 1e-9);
        double lr = train.learningRateAt(step - 1);
        loss = window.getOrDefault(LossReportingHook.TOTAL, loss * n) / n;
        log.printf(Locale.ROOT, "step %d/%d  loss %.4f  lr %.2g  %.2f images/s (%d worker%s)  eta %s%n", step,
            numSteps, loss, lr, rate, options.workers(),
            options.workers() == 1 ? "" : "s", eta(eta));
        log.flush();
        Map<String, Double> scalars = new LinkedHashMap<>();
        window.forEach((k, v) -> {
          if (k.startsWith("Losses/")) {
            scalars.put(k, v / n);
          }
        });
        scalars.put("LearningRate", lr);
        scalars.put("images/sec", rate);
        scalars.put("global_step/sec", stepsPerSecond);
        events.scalars(step, scalars);
        window.clear();
        windowSeconds = 0;
      }
      if (step % options.checkpointEvery() == 0 || step == numSteps) {
        last = checkpoints.write(graph, step);
        log.println("saved " + last);
        log.flush();
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    double overall = (step - startStep) * (double) options.workers() * batches.batchSize() / Math.max(seconds, 1e-9);
    return new Result(step, loss, step == startStep ? rate : overall, last != null ? last : checkpoints.latest(),
        unusable);
  }

  private static String describe(Path checkpoint) {
    return checkpoint == null ? "the start (no checkpoint yet)" : "the last good checkpoint " + checkpoint;
  }

  private static String eta(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
        : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
  }
}
