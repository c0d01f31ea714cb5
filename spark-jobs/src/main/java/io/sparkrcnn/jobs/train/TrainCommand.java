package io.sparkrcnn.jobs.train;

import io.sparkrcnn.io.fs.FileSystems;
import io.sparkrcnn.jobs.UserError;
import io.sparkrcnn.jobs.spark.HadoopConfigurations;
import io.sparkrcnn.jobs.spark.SparkContexts;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.detector.FasterRcnnGraph;
import io.sparkrcnn.model.detector.StepMemory;
import io.sparkrcnn.model.checkpoint.Checkpoints;
import io.sparkrcnn.model.trainable.ParameterScopes;
import io.sparkrcnn.model.checkpoint.StartingGraph;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sparkrcnn train}: trains the pipeline config's Faster R-CNN, checkpoints into {@code --train_dir}. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Trains the Faster R-CNN of a pipeline config on its train_input_reader records and writes"
        + " TRAIN_DIR/model.ckpt-<step> (DL4J model zips with updater state), a 'checkpoint' index naming the"
        + " latest, and a copy of the config as TRAIN_DIR/pipeline.config. Started again on the same TRAIN_DIR it"
        + " resumes from the latest checkpoint. Training runs on the Spark executors: --num_workers workers each"
        + " read their share of the TFRecord shards from the Hadoop filesystem and train on train_config.batch_size"
        + " images per step; every --averaging_frequency steps DL4J averages their parameters and updater state."})
public final class TrainCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec command;

  @Option(names = "--pipeline_config_path", required = true, paramLabel = "FILE",
      description = "The pipeline config (protobuf text format, as the Object Detection API's).")
  String pipelineConfigPath;

  @Option(names = "--train_dir", paramLabel = "DIR", description = "Where checkpoints go (any Hadoop filesystem).")
  String trainDir;

  @Option(names = "--num_train_steps", paramLabel = "N",
      description = "Steps to train to (overrides train_config.num_steps).")
  Integer numTrainSteps;

  @Option(names = "--num_workers", paramLabel = "W", defaultValue = "1",
      description = "Workers (Spark tasks training at once, one per executor core or GPU) (default: ${DEFAULT-VALUE}).")
  int numWorkers;

  @Option(names = "--averaging_frequency", paramLabel = "N", defaultValue = "5",
      description = "Steps each worker takes between parameter averagings (default: ${DEFAULT-VALUE}).")
  int averagingFrequency;

  @Option(names = "--prefetch_batches", paramLabel = "N", defaultValue = "2",
      description = "Batches a worker prepares ahead of training (default: ${DEFAULT-VALUE}).")
  int prefetchBatches;

  @Option(names = "--device", paramLabel = "cpu|gpu", defaultValue = "cpu",
      description = "Where the workers compute: cpu, or gpu (needs the CUDA build, -Pcuda) (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(names = "--checkpoint_exclude_scopes", paramLabel = "REGEX[,REGEX…]", defaultValue = "",
      description = "Parameters of fine_tune_checkpoint not to restore (regexes matched from the start of DL4J"
          + " parameter names, e.g. box_classifier_,rpn/): they keep their fresh initialisation.")
  String checkpointExcludeScopes;

  @Option(names = "--trainable_scopes", paramLabel = "REGEX[,REGEX…]", defaultValue = "",
      description = "Only these parameters train (added to train_config.update_trainable_variables); the rest are"
          + " frozen. Default: all but train_config.freeze_variables.")
  String trainableScopes;

  @Option(names = "--dry_run", description = "Check the config, build the model, print its summary and exit.")
  boolean dryRun;

  @Option(names = "--save_checkpoints_steps", paramLabel = "N", defaultValue = "500",
      description = "Checkpoint every N steps, and at the end (default: ${DEFAULT-VALUE}).")
  int checkpointEvery;

  @Option(names = "--log_every_n_steps", paramLabel = "N", defaultValue = "10",
      description = "Log loss and speed every N steps (default: ${DEFAULT-VALUE}).")
  int logEvery;

  @Option(names = "--keep_checkpoint_max", paramLabel = "N", defaultValue = "5",
      description = "Checkpoints kept (default: ${DEFAULT-VALUE}).")
  int keep;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Initialisation and sampling seed.")
  long seed;

  /** Held from before the train_dir is read until the run ends, failed or not. */
  private TrainDirLock lock;

  @Override
  public Integer call() throws Exception {
    try {
      return run();
    } finally {
      if (lock != null) {
        lock.close();
      }
    }
  }

  private Integer run() throws Exception {
    Configuration conf = HadoopConfigurations.fromSparkConf();
    String configText = PipelineFiles.readText(conf, pipelineConfigPath, "--pipeline_config_path");
    PipelineSettings settings = PipelineSettings.parse(configText, pipelineConfigPath);
    PrintWriter out = command.commandLine().getOut();
    if (dryRun) {
      ComputationGraph graph = FasterRcnnGraph.build(settings.model(), settings.train(), seed);
      printSummary(out, settings, graph);
      return 0;
    }
    if (trainDir == null) {
      throw new UserError("give --train_dir (where checkpoints go), or --dry_run to only check the config");
    }
    long steps = stepsToTrain(settings.train().numSteps(), settings.trainInput().numEpochs() > 0);
    atLeast("--num_workers", numWorkers, 1);
    atLeast("--averaging_frequency", averagingFrequency, 1);
    atLeast("--save_checkpoints_steps", checkpointEvery, 1);
    atLeast("--log_every_n_steps", logEvery, 1);
    atLeast("--keep_checkpoint_max", keep, 1);
    atLeast("--prefetch_batches", prefetchBatches, 0);
    Devices.checkDriver(device);
    ParameterScopes exclude;
    ParameterScopes trainable;
    try {
      exclude = ParameterScopes.parse("--checkpoint_exclude_scopes", checkpointExcludeScopes);
      trainable = ParameterScopes.parse("--trainable_scopes", trainableScopes);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    PipelineFiles.checkDirectory(conf, trainDir, "--train_dir");
    Path dir = new Path(trainDir);
    FileSystem fs = FileSystems.of(dir, conf);
    Checkpoints checkpoints = new Checkpoints(fs, dir, keep,
        Checkpoints.hours(settings.train().keepCheckpointEveryNHours()), java.time.Clock.systemUTC());
    lock = TrainDirLock.acquire(fs, dir, out);
    checkpoints.removeLeftovers(out);
    ComputationGraph graph;
    try {
      // a train_dir of another model is refused before anything is written or started
      graph = StartingGraph.create(settings, checkpoints, seed, out, exclude, trainable);
    } catch (io.sparkrcnn.model.checkpoint.UnusableCheckpointException e) {
      throw new UserError(e.getMessage());
    }
    if (graph.getIterationCount() >= steps) {
      out.printf(Locale.ROOT, "already at step %d >= %d (%s); nothing to train (give a larger --num_train_steps to"
          + " train on)%n", graph.getIterationCount(), steps, checkpoints.latest());
      out.flush();
      return 0;
    }
    try (JavaSparkContext sc = SparkContexts.create("sparkrcnn-train", numWorkers)) {
      String serializer = sc.getConf().get("spark.serializer", "");
      if (serializer.contains("Kryo")) {
        throw new UserError("spark.serializer is " + serializer + ": training ships ND4J arrays (parameters, updater"
            + " state), which Kryo cannot serialize without ND4J's registrator; run train with --conf"
            + " spark.serializer=org.apache.spark.serializer.JavaSerializer");
      }
      Devices.checkExecutors(sc, device, numWorkers);
      if (numWorkers > sc.defaultParallelism()) {
        out.printf(Locale.ROOT, "warning: %d workers but %d executor cores: rounds will run in waves%n", numWorkers,
            sc.defaultParallelism());
      }
      int batch = settings.train().batchSize();
      WorkerMemory.check(StepMemory.of(graph, settings.model().canvasSize(), averagingFrequency + prefetchBatches),
          batch, WorkerMemory.perWorker(sc, numWorkers), numWorkers);
      ShardRecords records = ShardRecords.load(sc, conf, settings.trainInput(), pipelineConfigPath, numWorkers, batch,
          out);
      if (records.count() < numWorkers) {
        throw new UserError("train_input_reader: " + records.count() + " records for " + numWorkers
            + " workers; lower --num_workers");
      }
      PipelineFiles.checkRecordLabels(records.labels().max(), records.labels().file(), settings.model().numClasses(),
          "train_input_reader");
      PipelineFiles.checkLabelMap(PipelineFiles.labelMap(conf, settings.trainInput().labelMapPath()),
          settings.trainInput().labelMapPath(), settings.model().numClasses(), "train_input_reader");
      if (batch > records.fewestPerWorker()) {
        throw new UserError("train_config.batch_size " + batch + " is more than the " + records.fewestPerWorker()
            + " records a worker holds (" + records.count() + " records, " + numWorkers + " worker"
            + (numWorkers == 1 ? "" : "s") + "); lower batch_size to at most " + records.fewestPerWorker()
            + (numWorkers > 1 ? " or --num_workers" : "") + ", or convert more examples");
      }
      long epochsEnd = settings.trainInput().lastStepOfEpochs(records.count(), numWorkers,
          settings.train().batchSize());
      if (epochsEnd < steps) {
        if (epochsEnd <= graph.getIterationCount()) {
          out.printf(Locale.ROOT, "already at step %d >= %d, where train_input_reader.num_epochs %d over %d records"
              + " ends; nothing to train (raise num_epochs to train on)%n", graph.getIterationCount(), epochsEnd,
              settings.trainInput().numEpochs(), records.count());
          out.flush();
          return 0;
        }
        out.printf(Locale.ROOT, "train_input_reader.num_epochs %d over %d records: training ends at step %d%n",
            settings.trainInput().numEpochs(), records.count(), epochsEnd);
        steps = epochsEnd;
      }
      copyConfig(fs, dir, configText);
      int taskCpus = sc.getConf().getInt("spark.task.cpus", 1);
      out.printf(Locale.ROOT, "training %s on %d records (%d shards) to step %d in %s: %d worker%s x batch %d,"
          + " averaging every %d steps, each worker computing on %d thread%s (spark.task.cpus)%n",
          settings.model().featureExtractor(), records.count(), records.shards(), steps, fs.makeQualified(dir),
          numWorkers, numWorkers == 1 ? "" : "s", settings.train().batchSize(), averagingFrequency, taskCpus,
          taskCpus == 1 ? "" : "s");
      out.flush();
      SparkTrainer trainer = new SparkTrainer(sc, settings.train(), BatchSpec.of(settings, seed), checkpoints,
          new SparkTrainer.Options(numWorkers, averagingFrequency, prefetchBatches, checkpointEvery, logEvery), out);
      SparkTrainer.Result r = trainer.train(graph, records, steps);
      records.release();
      if (r.unusableRecords() > 0) {
        out.printf(Locale.ROOT, "%d unusable records were skipped%n", r.unusableRecords());
      }
      out.printf(Locale.ROOT, "finished at step %d, loss %.4f, %.2f images/s%n", r.step(), r.loss(),
          r.imagesPerSecond());
      out.println("checkpoint: " + r.checkpoint());
      out.flush();
    }
    return 0;
  }

  /** The step to train to: --num_train_steps when given, else train_config.num_steps; each refused by name. */
  /** The step to train to: the flag, else the config's num_steps, else (0 with num_epochs) until the epochs end. */
  private long stepsToTrain(long configSteps, boolean epochsLimit) {
    if (numTrainSteps != null) {
      if (numTrainSteps < 1) {
        throw new UserError("--num_train_steps must be at least 1, got " + numTrainSteps);
      }
      return numTrainSteps;
    }
    if (configSteps < 1 && epochsLimit) {
      return Long.MAX_VALUE;
    }
    if (configSteps < 1) {
      throw new UserError("train_config.num_steps is " + configSteps + " (0: train forever, which train does not do)"
          + " and neither --num_train_steps nor train_input_reader.num_epochs was given; give --num_train_steps N");
    }
    return configSteps;
  }

  private static void atLeast(String flag, long value, long least) {
    if (value < least) {
      throw new UserError(flag + " must be at least " + least + ", got " + value);
    }
  }

  private static void printSummary(PrintWriter out, PipelineSettings s, ComputationGraph graph) {
    var m = s.model();
    Map<String, Long> parts = new LinkedHashMap<>();
    for (var layer : graph.getLayers()) {
      String name = layer.conf().getLayer().getLayerName();
      String part = name.startsWith("rpn") ? "first stage (RPN)"
          : name.equals(FasterRcnnGraph.BOX_CLASSIFIER) ? "second stage (box head)" : "backbone";
      parts.merge(part, layer.numParams(), Long::sum);
    }
    out.printf(Locale.ROOT, "model: faster_rcnn, feature extractor %s, %d classes%n", m.featureExtractor(),
        m.numClasses());
    out.printf(Locale.ROOT, "input: keep-aspect resize %d/%d, padded to %dx%d%n", m.minDimension(), m.maxDimension(),
        m.canvasSize(), m.canvasSize());
    out.printf(Locale.ROOT, "anchors: %d per cell (scales %s x aspect ratios %s, base %.0fx%.0f, stride 16)%n",
        m.anchors().anchorsPerLocation(), java.util.Arrays.toString(m.anchors().scales),
        java.util.Arrays.toString(m.anchors().aspectRatios), m.anchors().baseHeight, m.anchors().baseWidth);
    out.printf(Locale.ROOT, "first stage: %d anchors sampled per image, NMS %.2f, %d proposals%n",
        m.rpnMinibatchSize(), m.rpnNmsIou(), m.maxProposals());
    out.printf(Locale.ROOT, "second stage: crop %d, max-pool %d/%d, %d RoIs per image, NMS %.2f, <= %d per class,"
        + " <= %d total%n", m.cropSize(), m.poolKernel(), m.poolStride(), m.secondStageBatchSize(), m.nmsIou(),
        m.maxDetectionsPerClass(), m.maxTotalDetections());
    var t = s.train();
    out.printf(Locale.ROOT, "training: batch %d, momentum %.2f (Nesterov), learning rate %s, clipping %.1f, %d"
        + " steps%n", t.batchSize(), t.momentum(), t.learningRate().describe(), t.gradientClippingByNorm(),
        t.numSteps());
    parts.forEach((k, v) -> out.printf(Locale.ROOT, "  %-24s %,d%n", k, v));
    out.printf(Locale.ROOT, "layers: %d%n", graph.getLayers().length);
    out.println("parameters: " + graph.numParams());
    out.flush();
  }

  private static void copyConfig(FileSystem fs, Path dir, String text) throws IOException {
    io.sparkrcnn.io.fs.AtomicWrite.write(fs, new Path(dir, "pipeline.config"), text.getBytes(StandardCharsets.UTF_8));
  }
}
