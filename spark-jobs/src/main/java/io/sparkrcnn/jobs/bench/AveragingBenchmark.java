package io.sparkrcnn.jobs.bench;

import io.sparkrcnn.conversion.pets.MaskType;
import io.sparkrcnn.conversion.pets.PetsConversionOptions;
import io.sparkrcnn.conversion.synth.SyntheticPets;
import io.sparkrcnn.io.tfrecord.Compression;
import io.sparkrcnn.jobs.convert.ConvertJob;
import io.sparkrcnn.jobs.convert.ConvertOptions;
import io.sparkrcnn.jobs.spark.SparkContexts;
import io.sparkrcnn.jobs.train.BatchSpec;
import io.sparkrcnn.jobs.train.ShardRecords;
import io.sparkrcnn.jobs.train.SparkTrainer;
import io.sparkrcnn.model.config.ModelSettings;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.config.TrainSettings;
import io.sparkrcnn.model.detector.FasterRcnnGraph;
import io.sparkrcnn.model.checkpoint.Checkpoints;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sparkrcnn bench averaging}: what parameter averaging costs on Spark. For each model and averaging
 * frequency it trains a few rounds with two workers on synthetic shards and splits each round's wall time into the
 * workers' compute (time inside {@code fit}) and the rest (batch preparation, scheduling, broadcast of parameters
 * and updater state, tree aggregation, update on the driver); then it compares one worker with two.
 */
@Command(name = "averaging", mixinStandardHelpOptions = true,
    description = "Times Spark parameter-averaging rounds (local mode) for faster_rcnn_tiny and"
        + " faster_rcnn_resnet50 at averaging frequencies 1, 5 and 20 and 1 vs 2 workers; prints Markdown tables."
        + " Run with OMP_NUM_THREADS=1 so that each worker computes on one thread.")
public final class AveragingBenchmark implements Callable<Integer> {
  @Option(names = "--configs", split = ",", defaultValue = "cluster-configs/pipelines/tiny_pets.config,"
      + "cluster-configs/pipelines/faster_rcnn_resnet50_pets.config",
      description = "Pipeline configs whose models to time (default: tiny and ResNet-50).")
  String[] configs;

  @Option(names = "--canvas", defaultValue = "128,256", split = ",",
      description = "Canvas per config, pixels (default: ${DEFAULT-VALUE}); the parameter count does not depend on it.")
  int[] canvas;

  @Option(names = "--frequencies", defaultValue = "1,5,20", split = ",",
      description = "Averaging frequencies to time (default: ${DEFAULT-VALUE}).")
  int[] frequencies;

  @Option(names = "--workers", defaultValue = "2,1", split = ",",
      description = "Worker counts to time (default: ${DEFAULT-VALUE}); 2 workers at every frequency, others at 5.")
  int[] workerCounts;

  @Option(names = "--steps", defaultValue = "20", description = "Steps timed per frequency, at least one round"
      + " (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--learning_rate", defaultValue = "0",
      description = "Learning rate for every step (default: ${DEFAULT-VALUE}: the steps cost the same, and a ResNet"
          + " from random weights does not diverge while timed).")
  double learningRate;

  @Option(names = "--work_dir", description = "Where synthetic shards and checkpoints go (default: a temp dir).")
  Path workDir;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec command;

  private record Timing(String model, long params, int workers, int frequency, int rounds, int steps,
      double wallPerRound, double prepPerRound, double fitPerStep, double images) {
    double computePerRound() {
      return fitPerStep * steps / rounds;
    }

    /** Broadcast, worker graph set-up, results, tree aggregation, driver update and scheduling. */
    double averagingPerRound() {
      return wallPerRound - prepPerRound - computePerRound();
    }

    double imagesPerSecond() {
      return images / (wallPerRound * rounds);
    }
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = command.commandLine().getOut();
    Path dir = workDir != null ? workDir : Files.createTempDirectory("sparkrcnn-bench-averaging");
    List<Timing> timings = new ArrayList<>();
    try (JavaSparkContext sc = SparkContexts.create("sparkrcnn-bench-averaging")) {
      String records = dir.resolve("records").toString();
      if (!Files.exists(dir.resolve("records"))) {
        SyntheticPets.write(FileSystem.getLocal(sc.hadoopConfiguration()),
            new org.apache.hadoop.fs.Path(dir.resolve("pets").toUri()), new SyntheticPets.Spec(20, 4, 1, 320, 240));
        new ConvertJob(sc).run(new ConvertOptions(dir.resolve("pets").toString(), records, null, 10,
            new PetsConversionOptions(true, MaskType.PNG, false), Compression.NONE, 0.05, false));
      }
      out.printf(Locale.ROOT, "Spark %s, %s, %d cores, OMP_NUM_THREADS=%s%n%n", sc.version(), sc.master(),
          Runtime.getRuntime().availableProcessors(), System.getenv().getOrDefault("OMP_NUM_THREADS", "(unset)"));
      for (int c = 0; c < configs.length; c++) {
        String text = io.sparkrcnn.jobs.train.PipelineFiles.readText(sc.hadoopConfiguration(), configs[c], "--configs")
            .replace("PATH_TO_BE_CONFIGURED", records);
        PipelineSettings settings = PipelineSettings.parse(text, configs[c]);
        ModelSettings model = settings.model().withCanvas(canvas[Math.min(c, canvas.length - 1)]);
        TrainSettings train = settings.train().withConstantLearningRate(learningRate);
        ComputationGraph graph = FasterRcnnGraph.build(model, train, 1);
        for (int workers : workerCounts) {
          ShardRecords shards = ShardRecords.load(sc, sc.hadoopConfiguration(), settings.trainInput(), configs[c],
              workers, new PrintWriter(new StringWriter()));
          int[] freqs = workers == 2 ? frequencies : new int[] {5};
          for (int f : freqs) {
            timings.add(time(sc, dir, train, model, graph, shards, workers, f, Math.max(steps, f)));
            Timing t = timings.get(timings.size() - 1);
            out.printf(Locale.ROOT, "  %s, %d worker(s), averaging every %d: %.2f s/round (%.2f preparing batches, %.2f"
                + " computing)%n", t.model(), t.workers(), t.frequency(), t.wallPerRound(), t.prepPerRound(),
                t.computePerRound());
            out.flush();
          }
          shards.release();
        }
      }
    }
    out.println();
    out.println("| model | parameters | workers | averaging frequency | s/round | batch preparation s/round | worker"
        + " compute s/round | exchange + set-up s/round | the same per step | share of the round |"
        + " images/s |");
    out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Timing t : timings) {
      out.printf(Locale.ROOT, "| %s | %,d | %d | %d | %.2f | %.2f | %.2f | %.2f | %.3f | %.0f %% | %.2f |%n", t.model(),
          t.params(), t.workers(), t.frequency(), t.wallPerRound(), t.prepPerRound(), t.computePerRound(),
          t.averagingPerRound(), t.averagingPerRound() * t.rounds() / t.steps(),
          100 * t.averagingPerRound() / t.wallPerRound(), t.imagesPerSecond());
    }
    out.println();
    out.println("| model | 1 worker images/s | 2 workers images/s | speed-up | scaling efficiency |");
    out.println("|---|---|---|---|---|");
    for (Timing one : timings) {
      if (one.workers() != 1) {
        continue;
      }
      for (Timing two : timings) {
        if (two.workers() == 2 && two.frequency() == one.frequency() && two.model().equals(one.model())) {
          double speedUp = two.imagesPerSecond() / one.imagesPerSecond();
          out.printf(Locale.ROOT, "| %s (averaging every %d) | %.2f | %.2f | %.2f | %.0f %% |%n", one.model(),
              one.frequency(), one.imagesPerSecond(), two.imagesPerSecond(), speedUp, 100 * speedUp / 2);
        }
      }
    }
    out.flush();
    return 0;
  }

  private Timing time(JavaSparkContext sc, Path dir, TrainSettings train, ModelSettings model,
      ComputationGraph graph, ShardRecords shards, int workers, int frequency, int timedSteps) throws Exception {
    org.apache.hadoop.fs.Path trainDir = new org.apache.hadoop.fs.Path(dir.resolve("train-" + System.nanoTime()).toUri());
    Checkpoints checkpoints = new Checkpoints(FileSystem.getLocal(sc.hadoopConfiguration()), trainDir, 1);
    List<SparkTrainer.Round> rounds = new ArrayList<>();
    SparkTrainer trainer = new SparkTrainer(sc, train, BatchSpec.of(model, train, 1),
        checkpoints, new SparkTrainer.Options(workers, frequency, 2, Integer.MAX_VALUE, Integer.MAX_VALUE),
        new PrintWriter(new StringWriter())).onRound(rounds::add);
    graph.getConfiguration().setIterationCount(0);
    trainer.train(graph, shards, frequency); // warm-up round, not timed
    rounds.clear();
    long start = graph.getIterationCount();
    trainer.train(graph, shards, start + (long) Math.ceil(timedSteps / (double) frequency) * frequency);
    double wall = 0;
    double prep = 0;
    double fit = 0;
    double fitSteps = 0;
    double images = 0;
    int steps = 0;
    for (SparkTrainer.Round r : rounds) {
      wall += r.wallSeconds();
      prep += r.prepSeconds();
      fit += r.fitMillisPerStep() / 1e3 * r.steps();
      images += r.images();
      steps += r.steps();
    }
    return new Timing(model.featureExtractor(), graph.numParams(), workers, frequency, rounds.size(), steps,
        wall / rounds.size(), prep / rounds.size(), fit / steps, images);
  }
}
