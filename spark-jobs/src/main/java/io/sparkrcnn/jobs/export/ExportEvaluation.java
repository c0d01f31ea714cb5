package io.sparkrcnn.jobs.export;

import io.sparkrcnn.jobs.eval.EvalInput;
import io.sparkrcnn.jobs.eval.ModelScoring;
import io.sparkrcnn.jobs.spark.SparkContextFactory;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.export.ExportInput;
import io.sparkrcnn.model.export.QuantizeWeights;
import io.sparkrcnn.model.export.QuantizedParams;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The metrics of an export: the checkpoint, the inference model (the weights of the frozen graph, the SavedModel
 * and model.dl4j.zip) and its 8-bit round trip ({@link QuantizedParams}: the quantized graph's weights) scored on
 * the eval input in one Spark application (the inference model apart only when it is not the restored graph itself),
 * each artefact's detections compared with the checkpoint's.
 */
final class ExportEvaluation {
  static final String MAP_AT_HALF = "PascalBoxes_Precision/mAP@0.5IOU";

  private final Configuration conf;
  private final SparkContextFactory contexts;

  ExportEvaluation(Configuration conf, SparkContextFactory contexts) {
    this.conf = conf;
    this.contexts = contexts;
  }

  ExportReport run(ExportCheckpoint checkpoint, ComputationGraph inference, PipelineSettings settings,
      ConfigOverride.Merged config, EvalInput input, ExportInput type, Map<String, Long> bytes) throws IOException {
    ComputationGraph quantized = QuantizedParams.apply(inference, QuantizeWeights.DEFAULT_MINIMUM_SIZE);
    // The inference model is scored apart only when it is another graph than the restored checkpoint.
    List<ComputationGraph> graphs = inference == checkpoint.graph() ? List.of(checkpoint.graph(), quantized)
        : List.of(checkpoint.graph(), inference, quantized);
    List<ModelScoring.Scored> scored = new ModelScoring(conf, contexts).score("sparkrcnn-export", settings,
        config.text(), config.source(), input, graphs, checkpoint.path().toString());
    ModelScoring.Scored reference = scored.get(0);
    ModelScoring.Scored ofInference = scored.get(graphs.size() - 2);
    ModelScoring.Scored ofQuantized = scored.get(graphs.size() - 1);
    Map<String, ExportReport.Entry> entries = new LinkedHashMap<>();
    entries.put(ExportReport.CHECKPOINT, new ExportReport.Entry(checkpoint.bytes(), reference.metrics(), null));
    bytes.forEach((name, size) -> {
      ModelScoring.Scored s = name.equals(ExportArtefacts.QUANTIZED) ? ofQuantized : ofInference;
      entries.put(name, new ExportReport.Entry(size, s.metrics(),
          DetectionDifference.between(reference.detections(), s.detections())));
    });
    return new ExportReport(checkpoint.path().toString(), type.tensorName(), reference.images(), entries);
  }

  /** The report of an export whose evaluations were skipped: sizes only. */
  static ExportReport skipped(ExportCheckpoint checkpoint, ExportInput type, Map<String, Long> bytes) {
    Map<String, ExportReport.Entry> entries = new LinkedHashMap<>();
    entries.put(ExportReport.CHECKPOINT, new ExportReport.Entry(checkpoint.bytes(), null, null));
    bytes.forEach((name, size) -> entries.put(name, new ExportReport.Entry(size, null, null)));
    return new ExportReport(checkpoint.path().toString(), type.tensorName(), -1, entries);
  }
}
