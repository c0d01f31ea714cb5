package io.sparkrcnn.jobs.export;

import io.sparkrcnn.io.labelmap.LabelMap;
import io.sparkrcnn.model.export.DetectorGraphDef;
import io.sparkrcnn.model.export.ExportInput;
import io.sparkrcnn.model.export.QuantizeWeights;
import io.sparkrcnn.model.export.SavedModels;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.SavedModel;

/**
 * The files of an export, built in memory from the inference model (so that a config that does not fit is refused
 * before anything is written) and then written into a directory: the frozen GraphDef, its 8-bit form, the
 * SavedModel, model.dl4j.zip, pipeline.config and label_map.pbtxt.
 */
final class ExportArtefacts {
  static final String FROZEN = "frozen_inference_graph.pb";
  static final String QUANTIZED = "frozen_inference_graph_quantized.pb";
  static final String SAVED_MODEL = "saved_model";
  static final String DL4J = "model.dl4j.zip";
  static final String PIPELINE = "pipeline.config";
  static final String LABEL_MAP = "label_map.pbtxt";
  /** The SavedModel signature's input key, as the reference's. */
  static final String INPUT_KEY = "inputs";

  private final ComputationGraph inference;
  private final GraphDef frozen;
  private final GraphDef quantized;
  private final SavedModel savedModel;

  private ExportArtefacts(ComputationGraph inference, GraphDef frozen, GraphDef quantized, SavedModel savedModel) {
    this.inference = inference;
    this.frozen = frozen;
    this.quantized = quantized;
    this.savedModel = savedModel;
  }

  /**
   * The graphs of {@code inference} under {@code model}'s settings; {@link IllegalArgumentException} ("the
   * checkpoint does not fit the config: ...") when they do not fit.
   */
  static ExportArtefacts build(ComputationGraph inference, io.sparkrcnn.model.config.ModelSettings model,
      ExportInput input) {
    GraphDef frozen = DetectorGraphDef.build(inference, model, input);
    Map<String, String> outputs = new LinkedHashMap<>();
    DetectorGraphDef.OUTPUTS.forEach(name -> outputs.put(name, name));
    return new ExportArtefacts(inference, frozen, QuantizeWeights.apply(frozen),
        SavedModels.of(frozen, INPUT_KEY, input.tensorName(), outputs));
  }

  /**
   * Writes every file into {@code dir} and returns the bytes of the four artefacts (the SavedModel directory's
   * total), by name, in the report's order.
   */
  Map<String, Long> write(FileSystem fs, Path dir, String configText, LabelMap labels) throws IOException {
    Map<String, Long> bytes = new LinkedHashMap<>();
    bytes.put(FROZEN, write(fs, new Path(dir, FROZEN), frozen::writeTo));
    bytes.put(QUANTIZED, write(fs, new Path(dir, QUANTIZED), quantized::writeTo));
    Path saved = new Path(dir, SAVED_MODEL);
    fs.mkdirs(new Path(saved, SavedModels.VARIABLES_DIRECTORY));
    bytes.put(SAVED_MODEL, write(fs, new Path(saved, SavedModels.SAVED_MODEL_FILE), savedModel::writeTo));
    bytes.put(DL4J, write(fs, new Path(dir, DL4J), out -> ExportModels.writeModel(inference, out)));
    write(fs, new Path(dir, PIPELINE), out -> out.write(configText.getBytes(StandardCharsets.UTF_8)));
    write(fs, new Path(dir, LABEL_MAP), out -> out.write(labels.toPbtxt().getBytes(StandardCharsets.UTF_8)));
    return bytes;
  }

  private interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private static long write(FileSystem fs, Path file, Content content) throws IOException {
    try (OutputStream out = fs.create(file, false)) {
      content.writeTo(out);
    }
    return fs.getFileStatus(file).getLen();
  }
}
