package io.sparkrcnn.jobs.predict;

import io.sparkrcnn.io.fs.FileSystems;
import io.sparkrcnn.io.labelmap.LabelMap;
import io.sparkrcnn.jobs.UserError;
import io.sparkrcnn.jobs.train.PipelineFiles;
import io.sparkrcnn.model.checkpoint.Checkpoints;
import io.sparkrcnn.model.checkpoint.UnusableCheckpointException;
import io.sparkrcnn.model.config.PipelineConfigs;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.config.proto.TrainEvalPipelineConfig;
import io.sparkrcnn.model.detector.FasterRcnnGraph;
import io.sparkrcnn.model.runtime.Nd4jRuntime;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * The model predict runs, loaded and checked on the driver: an export directory's {@value #MODEL_ZIP} (a DL4J
 * ComputationGraph zip without updater state), {@value #CONFIG} and {@value #LABEL_MAP}; or the newest whole
 * checkpoint of a train_dir (as eval finds it) with the given pipeline config and the label map of its
 * eval_input_reader (the built-in Pets map when it names none). {@code --label_map_path} replaces either label map.
 */
final class ModelSource {
  static final String MODEL_ZIP = "model.dl4j.zip";
  static final String CONFIG = "pipeline.config";
  static final String LABEL_MAP = "label_map.pbtxt";

  /** A checked model: its graph, the config text it runs under, its class names and what it is (for the report). */
  record Loaded(ComputationGraph graph, String configText, String configPath, LabelMap labels, String description) {}

  private ModelSource() {}

  static Loaded load(Configuration conf, PredictOptions o, PrintWriter out) throws IOException {
    return o.modelDir() != null ? export(conf, o) : checkpoint(conf, o, out);
  }

  private static Loaded export(Configuration conf, PredictOptions o) throws IOException {
    Path dir = new Path(o.modelDir());
    FileSystem fs = FileSystems.of(dir, conf);
    String what = "an export directory holds " + MODEL_ZIP + ", " + CONFIG + " and " + LABEL_MAP;
    if (!fs.exists(dir)) {
      throw new UserError("--model_dir " + dir + " does not exist; " + what);
    }
    if (!fs.getFileStatus(dir).isDirectory()) {
      throw new UserError("--model_dir " + dir + " is a file; give the export directory (" + what + ")");
    }
    List<String> missing = new ArrayList<>();
    for (String name : List.of(MODEL_ZIP, CONFIG, LABEL_MAP)) {
      if (!fs.exists(new Path(dir, name))) {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      throw new UserError("--model_dir " + dir + " has no " + String.join(", ", missing) + "; " + what
          + " (sparkrcnn export writes them)");
    }
    Path configPath = new Path(dir, CONFIG);
    String text = PipelineFiles.readText(conf, configPath.toString(), "--model_dir's");
    PipelineSettings settings = PipelineSettings.parse(text, configPath.toString());
    Path zip = new Path(dir, MODEL_ZIP);
    ComputationGraph graph;
    Nd4jRuntime.init();
    try (InputStream in = fs.open(zip)) {
      graph = ModelSerializer.restoreComputationGraph(in, false);
    } catch (IOException | RuntimeException e) {
      throw new UserError("--model_dir: " + zip + " is not a DL4J ComputationGraph zip (" + e.getMessage() + ")");
    }
    String labelPath = o.labelMapPath() != null ? o.labelMapPath() : new Path(dir, LABEL_MAP).toString();
    return checked(conf, graph, settings, text, configPath.toString(), labelPath, zip.toString());
  }

  private static Loaded checkpoint(Configuration conf, PredictOptions o, PrintWriter out) throws IOException {
    String text = PipelineFiles.readText(conf, o.pipelineConfigPath(), "--pipeline_config_path");
    TrainEvalPipelineConfig config = PipelineConfigs.parse(text, o.pipelineConfigPath());
    PipelineSettings settings = PipelineSettings.of(config, o.pipelineConfigPath());
    Path dir = new Path(o.checkpointDir());
    Checkpoints.Loaded loaded;
    try {
      loaded = new Checkpoints(FileSystems.of(dir, conf), dir, Integer.MAX_VALUE).loadLatest();
    } catch (UnusableCheckpointException e) {
      throw new UserError("--checkpoint_dir: " + e.getMessage());
    } catch (FileNotFoundException e) {
      loaded = null;
    }
    if (loaded == null) {
      throw new UserError("--checkpoint_dir " + o.checkpointDir() + " has no checkpoint (no model.ckpt-N, no"
          + " 'checkpoint' index); train into it first, or give an export with --model_dir");
    }
    if (loaded.note() != null) {
      out.println("warning: " + loaded.note());
    }
    String labelPath = o.labelMapPath();
    if (labelPath == null && config.getEvalInputReaderCount() > 0) {
      String named = config.getEvalInputReader(0).getLabelMapPath();
      labelPath = named.isEmpty() ? null : named;
    }
    String what = loaded.checkpoint() + " (step " + Checkpoints.stepOf(loaded.checkpoint()) + ")";
    return checked(conf, loaded.graph(), settings, text, o.pipelineConfigPath(), labelPath, what);
  }

  /** Refuses a graph that does not fit the config and a label map with ids beyond its classes. */
  private static Loaded checked(Configuration conf, ComputationGraph graph, PipelineSettings settings, String text,
      String configPath, String labelPath, String what) throws IOException {
    String mismatch = FasterRcnnGraph.mismatch(graph, settings.model());
    if (mismatch != null) {
      throw new UserError(what + " does not fit " + configPath + ": " + mismatch);
    }
    LabelMap labels = PipelineFiles.labelMap(conf, labelPath, "label map", "; give one with --label_map_path");
    int classes = settings.model().numClasses();
    for (Map.Entry<Integer, String> e : labels.namesById().entrySet()) {
      if (e.getKey() > classes) {
        throw new UserError("label map " + (labelPath == null ? "(built-in Pets)" : labelPath) + " has label id "
            + e.getKey() + " ('" + e.getValue() + "') but the model has " + classes + " classes; give the label"
            + " map it was trained with (--label_map_path)");
      }
    }
    return new Loaded(graph, text, configPath, labels, what);
  }
}
