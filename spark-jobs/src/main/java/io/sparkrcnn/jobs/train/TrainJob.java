package io.sparkrcnn.jobs.train;

import io.sparkrcnn.io.fs.AtomicWrite;
import io.sparkrcnn.io.fs.FileSystems;
import io.sparkrcnn.jobs.UserError;
import io.sparkrcnn.jobs.spark.SparkContextFactory;
import io.sparkrcnn.model.checkpoint.Checkpoints;
import io.sparkrcnn.model.checkpoint.StartingGraph;
import io.sparkrcnn.model.checkpoint.UnusableCheckpointException;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.detector.FasterRcnnGraph;
import io.sparkrcnn.model.detector.StepMemory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The train job: checks the config and the train_dir (locked for the run), builds or restores the graph, reads
 * the records on the executors, checks them against the model and trains with {@link SparkTrainer}, writing
 * checkpoints, the config copy and the events into the train_dir. Progress goes to {@code out}; bad input is
 * refused as a {@link UserError} before anything is written.
 */
public final class TrainJob {
  private final Configuration conf;
  private final SparkContextFactory contexts;
  private final PrintWriter out;

  public TrainJob(Configuration conf, SparkContextFactory contexts, PrintWriter out) {
    this.conf = conf;
    this.contexts = contexts;
    this.out = out;
  }

  public TrainResult run(TrainOptions o) throws IOException {
    String configText = PipelineFiles.readText(conf, o.pipelineConfigPath(), "--pipeline_config_path");
    PipelineSettings settings = PipelineSettings.parse(configText, o.pipelineConfigPath());
    if (o.dryRun()) {
      ComputationGraph graph = FasterRcnnGraph.build(settings.model(), settings.train(), o.seed());
      ModelSummary.print(out, settings, graph);
      return TrainResult.untrained(graph.getIterationCount());
    }
    if (o.trainDir() == null) {
      throw new UserError("give --train_dir (where checkpoints go), or --dry_run to only check the config");
    }
    long steps = o.stepsToTrain(settings.train().numSteps(), settings.trainInput().numEpochs() > 0);
    Devices.checkDriver(o.device());
    PipelineFiles.checkDirectory(conf, o.trainDir(), "--train_dir");
    Path dir = new Path(o.trainDir());
    FileSystem fs = FileSystems.of(dir, conf);
    Checkpoints checkpoints = new Checkpoints(fs, dir, o.keep(),
        Checkpoints.hours(settings.train().keepCheckpointEveryNHours()), Clock.systemUTC());
    TrainDirLock lock = TrainDirLock.acquire(fs, dir, out);
    try {
      return train(o, settings, configText, fs, dir, checkpoints, steps);
    } finally {
      lock.close();
    }
  }

  private TrainResult train(TrainOptions o, PipelineSettings settings, String configText, FileSystem fs, Path dir,
      Checkpoints checkpoints, long steps) throws IOException {
    checkpoints.removeLeftovers(out);
    ComputationGraph graph;
    try {
      // a train_dir of another model is refused before anything is written or started
      graph = StartingGraph.create(settings, checkpoints, o.seed(), out, o.checkpointExcludeScopes(),
          o.trainableScopes());
    } catch (UnusableCheckpointException e) {
      throw new UserError(e.getMessage());
    }
    long at = graph.getIterationCount();
    if (at >= steps) {
      out.printf(Locale.ROOT, "already at step %d >= %d (%s); nothing to train (give a larger --num_train_steps to"
          + " train on)%n", at, steps, checkpoints.latest());
      out.flush();
      return TrainResult.untrained(at);
    }
    try (JavaSparkContext sc = contexts.create("sparkrcnn-train", o.numWorkers())) {
      int workers = o.numWorkers();
      TrainChecks.cluster(sc, o, out);
      WorkerMemory.check(StepMemory.of(graph, settings.model().canvasSize(), o.averagingFrequency()
          + o.prefetchBatches()), settings.train().batchSize(), WorkerMemory.perWorker(sc, workers), workers);
      ShardRecords records = ShardRecords.load(sc, conf, settings.trainInput(), o.pipelineConfigPath(), workers,
          settings.train().batchSize(), out);
      TrainChecks.records(conf, records, settings, workers);
      long end = TrainChecks.stepOfEpochsEnd(records, settings, workers, steps, at, out);
      if (end <= at) {
        return TrainResult.untrained(at);
      }
      AtomicWrite.write(fs, new Path(dir, "pipeline.config"), configText.getBytes(StandardCharsets.UTF_8));
      int taskCpus = sc.getConf().getInt("spark.task.cpus", 1);
      out.printf(Locale.ROOT, "training %s on %d records (%d shards) to step %d in %s: %d worker%s x batch %d,"
          + " averaging every %d steps, each worker computing on %d thread%s (spark.task.cpus)%n",
          settings.model().featureExtractor(), records.count(), records.shards(), end, fs.makeQualified(dir),
          workers, workers == 1 ? "" : "s", settings.train().batchSize(), o.averagingFrequency(), taskCpus,
          taskCpus == 1 ? "" : "s");
      out.flush();
      SparkTrainer trainer = new SparkTrainer(sc, settings.train(), BatchSpec.of(settings, o.seed()), checkpoints,
          new SparkTrainer.Options(workers, o.averagingFrequency(), o.prefetchBatches(), o.checkpointEvery(),
              o.logEvery()), out);
      SparkTrainer.Result r = trainer.train(graph, records, end);
      records.release();
      return TrainResult.of(r);
    }
  }
}
