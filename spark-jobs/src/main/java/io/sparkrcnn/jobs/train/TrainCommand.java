package io.sparkrcnn.jobs.train;

import io.sparkrcnn.conversion.fs.FileSystems;
import io.sparkrcnn.jobs.UserError;
import io.sparkrcnn.jobs.spark.HadoopConfigurations;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.detector.FasterRcnnGraph;
import io.sparkrcnn.model.train.Checkpoints;
import io.sparkrcnn.model.train.LocalTrainer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sparkrcnn train}: trains the pipeline config's Faster R-CNN, checkpoints into {@code --train_dir}. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Trains the Faster R-CNN of a pipeline config on its train_input_reader records and writes"
        + " TRAIN_DIR/model.ckpt-<step> (DL4J model zips with updater state), a 'checkpoint' index naming the"
        + " latest, and a copy of the config as TRAIN_DIR/pipeline.config. Started again on the same TRAIN_DIR it"
        + " resumes from the latest checkpoint.", "This version trains in one JVM (the driver)."})
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

  @Override
  public Integer call() throws Exception {
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
    long steps = numTrainSteps != null ? numTrainSteps : settings.train().numSteps();
    if (steps < 1) {
      throw new UserError("train_config.num_steps is 0 (train forever) and no --num_train_steps was given;"
          + " give --num_train_steps N");
    }
    List<byte[]> records = PipelineFiles.records(conf, settings.trainInput(), pipelineConfigPath, "train_input_reader");
    Path dir = new Path(trainDir);
    FileSystem fs = FileSystems.of(dir, conf);
    LocalTrainer trainer = new LocalTrainer(settings, new Checkpoints(fs, dir, keep), seed, out).logEvery(logEvery)
        .checkpointEvery(checkpointEvery);
    ComputationGraph graph;
    try {
      graph = trainer.startingGraph(); // a train_dir of another model is refused before anything is written
    } catch (io.sparkrcnn.model.train.UnusableCheckpointException e) {
      throw new UserError(e.getMessage());
    }
    copyConfig(fs, dir, configText);
    out.printf(Locale.ROOT, "training %s on %d records to step %d in %s%n",
        settings.model().featureExtractor(), records.size(), steps, fs.makeQualified(dir));
    LocalTrainer.Result r = trainer.train(graph, records, steps);
    if (r.skippedRecords() > 0) {
      out.printf(Locale.ROOT, "%d unusable records were skipped%n", r.skippedRecords());
    }
    out.printf(Locale.ROOT, "finished at step %d, loss %.4f, %.2f images/s%n", r.step(), r.loss(), r.imagesPerSecond());
    out.println("checkpoint: " + r.checkpoint());
    out.flush();
    return 0;
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
    out.printf(Locale.ROOT, "training: batch %d, momentum %.2f (Nesterov), learning rate %.3g with %d steps in the"
        + " schedule, clipping %.1f, %d steps%n", t.batchSize(), t.momentum(), t.initialLearningRate(),
        t.schedule().size(), t.gradientClippingByNorm(), t.numSteps());
    parts.forEach((k, v) -> out.printf(Locale.ROOT, "  %-24s %,d%n", k, v));
    out.printf(Locale.ROOT, "layers: %d%n", graph.getLayers().length);
    out.println("parameters: " + graph.numParams());
    out.flush();
  }

  private static void copyConfig(FileSystem fs, Path dir, String text) throws IOException {
    fs.mkdirs(dir);
    Path tmp = new Path(dir, ".pipeline.config." + UUID.randomUUID() + ".tmp");
    try (OutputStream o = fs.create(tmp, true)) {
      o.write(text.getBytes(StandardCharsets.UTF_8));
    }
    Path target = new Path(dir, "pipeline.config");
    fs.delete(target, false);
    if (!fs.rename(tmp, target)) {
      fs.delete(tmp, false);
      throw new IOException("cannot rename " + tmp + " to " + target);
    }
  }
}
