package io.sparkrcnn.jobs.eval;

import io.sparkrcnn.model.checkpoint.UnusableCheckpointException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparkrcnn.io.example.GroundTruth;
import io.sparkrcnn.io.fs.AtomicWrite;
import io.sparkrcnn.io.fs.FileSystems;
import io.sparkrcnn.io.fs.UserText;
import io.sparkrcnn.io.labelmap.LabelMap;
import io.sparkrcnn.io.tfrecord.ShardFiles;
import io.sparkrcnn.jobs.UserError;
import io.sparkrcnn.jobs.train.PipelineFiles;
import io.sparkrcnn.jobs.spark.HadoopConfigurations;
import io.sparkrcnn.model.config.PipelineConfigs;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.checkpoint.Checkpoints;
import io.sparkrcnn.model.eval.ModelEvaluation;
import io.sparkrcnn.model.config.proto.InputReader;
import io.sparkrcnn.model.config.proto.TrainEvalPipelineConfig;
import io.sparkrcnn.model.eval.DetectionMetrics;
import io.sparkrcnn.model.eval.DetectionsCoverage;
import io.sparkrcnn.model.eval.DetectionsFile;
import io.sparkrcnn.model.input.DamagedRecordFileException;
import io.sparkrcnn.model.input.LabelIds;
import io.sparkrcnn.model.input.RecordFiles;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.tensorflow.example.Example;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sparkrcnn eval}: VOC and COCO metrics of detections on the eval input, as {@code eval.py} writes them. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Scores detections against the ground truth of the pipeline config's eval_input_reader and writes"
        + " EVAL_DIR/metrics.json with the Object Detection API's keys (PascalBoxes_*, DetectionBoxes_*).",
        "With --checkpoint_dir it runs the latest checkpoint of a train_dir over the eval records (at most"
            + " eval_config.num_examples); with --detections_file it scores someone else's detections."})
public final class EvalCommand implements Callable<Integer> {
  public static final String METRICS_FILE = "metrics.json";

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec command;

  @Option(names = "--pipeline_config_path", required = true, paramLabel = "FILE",
      description = "The pipeline config; its eval_input_reader names the records and the label map.")
  String pipelineConfigPath;

  @Option(names = "--eval_dir", required = true, paramLabel = "DIR", description = "Where metrics.json goes.")
  String evalDir;

  @Option(names = "--checkpoint_dir", paramLabel = "DIR", description = "A train_dir whose latest checkpoint to evaluate.")
  String checkpointDir;

  @Option(names = "--detections_file", paramLabel = "FILE",
      description = "JSON lines {\"image_id\": <image/source_id>, \"boxes\": [[ymin,xmin,ymax,xmax] normalised],"
          + " \"scores\": [...], \"classes\": [1-based]} to score without a model.")
  String detectionsFile;

  @Override
  public Integer call() throws Exception {
    if ((detectionsFile == null) == (checkpointDir == null)) {
      throw new UserError("give either --checkpoint_dir (a train_dir to evaluate) or --detections_file (JSON lines"
          + " of detections to score)");
    }
    Configuration conf = HadoopConfigurations.fromSparkConf();
    PipelineFiles.checkDirectory(conf, evalDir, "--eval_dir");
    TrainEvalPipelineConfig config = PipelineConfigs.parse(
        PipelineFiles.readText(conf, pipelineConfigPath, "--pipeline_config_path"), pipelineConfigPath);
    if (config.getEvalInputReaderCount() == 0) {
      throw new UserError(pipelineConfigPath + " has no eval_input_reader { tf_record_input_reader { input_path } }");
    }
    InputReader reader = config.getEvalInputReader(0);
    List<String> inputs = reader.getTfRecordInputReader().getInputPathList();
    if (inputs.isEmpty()) {
      throw new UserError(pipelineConfigPath + ": eval_input_reader has no tf_record_input_reader.input_path");
    }
    for (String p : inputs) {
      if (p.contains("PATH_TO_BE_CONFIGURED")) {
        throw new UserError(pipelineConfigPath + ": replace PATH_TO_BE_CONFIGURED in eval_input_reader's input_path '"
            + p + "' with where your records are");
      }
    }
    LabelMap labels = PipelineFiles.labelMap(conf, reader.getLabelMapPath());
    Map<String, Double> metrics;
    int images;
    String scored;
    if (checkpointDir != null) {
      PipelineSettings settings = PipelineSettings.of(config, pipelineConfigPath);
      Path dir = new Path(checkpointDir);
      Checkpoints checkpoints = new Checkpoints(FileSystems.of(dir, conf), dir, Integer.MAX_VALUE);
      Checkpoints.Loaded loaded;
      try {
        loaded = checkpoints.loadLatest();
      } catch (io.sparkrcnn.model.checkpoint.UnusableCheckpointException e) {
        throw new UserError("--checkpoint_dir: " + e.getMessage());
      }
      if (loaded == null) {
        throw new UserError("--checkpoint_dir " + checkpointDir + " has no checkpoint (no model.ckpt-N, no"
            + " 'checkpoint' index); train into it first");
      }
      if (loaded.note() != null) {
        command.commandLine().getOut().println("warning: " + loaded.note());
      }
      Path latest = loaded.checkpoint();
      List<byte[]> records = PipelineFiles.records(conf, settings.evalInput(),
          pipelineConfigPath, "eval_input_reader");
      PipelineFiles.checkRecordLabels(records.stream().mapToLong(LabelIds::max).max().orElse(0),
          String.join(",", inputs), settings.model().numClasses(), "eval_input_reader");
      PipelineFiles.checkLabelMap(labels, reader.getLabelMapPath(), settings.model().numClasses(),
          "eval_input_reader");
      var graph = loaded.graph();
      String mismatch = io.sparkrcnn.model.detector.FasterRcnnGraph.mismatch(graph, settings.model());
      if (mismatch != null) {
        throw new UserError(latest + " does not fit " + pipelineConfigPath + ": " + mismatch);
      }
      ModelEvaluation.Result r;
      try {
        r = ModelEvaluation.evaluate(graph, settings.model(), records, settings.numEvalExamples(),
            labels.namesById());
      } catch (IllegalArgumentException e) {
        throw new UserError("eval_input_reader: " + e.getMessage());
      }
      metrics = r.metrics();
      images = r.images();
      scored = latest + " (step " + Checkpoints.stepOf(latest) + ")" + (r.skipped() > 0
          ? ", " + r.skipped() + " unusable records skipped" : "");
    } else {
      List<GroundTruth> truth = groundTruth(conf, inputs);
      List<DetectionsFile.ImageDetections> dets;
      Path detPath = new Path(detectionsFile);
      FileSystem detFs = FileSystems.of(detPath, conf);
      if (detFs.exists(detPath) && detFs.getFileStatus(detPath).isDirectory()) {
        throw new UserError("--detections_file " + detectionsFile + " is a directory; give the JSON-lines file in it");
      }
      try (BufferedReader in = UserText.reader(detFs.open(detPath))) {
        dets = DetectionsFile.read(in, detectionsFile);
      } catch (FileNotFoundException e) {
        throw new UserError("--detections_file " + detectionsFile + " does not exist");
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
      DetectionsCoverage coverage = DetectionsCoverage.of(truth, dets);
      if (coverage.nothingCanMatch()) {
        throw new UserError("--detections_file " + detectionsFile + " " + coverage.refusal());
      }
      if (!coverage.problems().isEmpty()) {
        command.commandLine().getErr().println("warning: " + detectionsFile + ": " + coverage.summary()
            + "; these count as false positives");
      }
      try {
        metrics = DetectionMetrics.compute(truth, dets, labels.namesById());
      } catch (IllegalArgumentException e) {
        throw new UserError(detectionsFile + ": " + e.getMessage());
      }
      images = truth.size();
      scored = detectionsFile + " (" + dets.size() + " images with detections, " + coverage.knownImages()
          + " of them in the eval records)";
    }
    Path written = writeMetrics(conf, metrics);
    var out = command.commandLine().getOut();
    out.printf(Locale.ROOT, "%d images scored: %s%n", images, scored);
    out.printf(Locale.ROOT, "PascalBoxes_Precision/mAP@0.5IOU = %.4f%n", metrics.get("PascalBoxes_Precision/mAP@0.5IOU"));
    out.printf(Locale.ROOT, "DetectionBoxes_Precision/mAP = %.4f%n", metrics.get("DetectionBoxes_Precision/mAP"));
    out.println("metrics: " + written);
    out.flush();
    return 0;
  }

  private static List<GroundTruth> groundTruth(Configuration conf, List<String> inputs) throws IOException {
    FileSystem fs = FileSystems.of(new Path(inputs.get(0)), conf);
    List<Path> files;
    try {
      files = ShardFiles.expand(fs, inputs);
    } catch (FileNotFoundException e) {
      throw new UserError("eval_input_reader: " + e.getMessage());
    }
    List<GroundTruth> out = new ArrayList<>();
    for (Path f : files) {
      int n = 0;
      try {
        for (byte[] record : RecordFiles.read(fs, f)) {
          n++;
          out.add(GroundTruth.of(Example.parseFrom(record)));
        }
      } catch (IllegalArgumentException | com.google.protobuf.InvalidProtocolBufferException e) {
        throw new UserError(f + ": record " + n + " is not a usable tf.train.Example (" + e.getMessage()
            + "); eval_input_reader must name records written by convert");
      } catch (DamagedRecordFileException e) {
        throw PipelineFiles.damaged("eval_input_reader", e);
      }
    }
    return out;
  }

  /** Writes metrics.json under a temporary name, then renames it into place. */
  private Path writeMetrics(Configuration conf, Map<String, Double> metrics) throws IOException {
    Path dir = new Path(evalDir);
    FileSystem fs = FileSystems.of(dir, conf);
    Map<String, Double> json = new LinkedHashMap<>();
    metrics.forEach((k, v) -> json.put(k, v == null || v.isNaN() ? null : v));
    byte[] bytes = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(json);
    return fs.makeQualified(AtomicWrite.write(fs, new Path(dir, METRICS_FILE), bytes));
  }
}
