package io.sparkrcnn.jobs.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * export_report.json: for the checkpoint and for each artefact its size in bytes and, when evaluated, its metrics
 * on the eval input under metrics.json's keys (NaN as null) and, for artefacts, the largest difference of its
 * detections from the checkpoint's ({@code max_detection_difference}); with the input type, the number of images
 * scored and a note on how the metrics were computed.
 */
public final class ExportReport {
  public static final String NAME = "export_report.json";
  public static final String CHECKPOINT = "checkpoint";
  public static final String BYTES = "bytes";
  public static final String DIFFERENCE = "max_detection_difference";
  public static final String NOTE = "The metrics of each artefact are computed by SparkRCNN's runtime (DL4J) on the"
      + " artefact's exact weights (the 8-bit graph's as its Dequantize nodes give them back), on the executors as"
      + " eval computes metrics.json; SparkRCNN's tests check that TensorFlow running the graphs gives the same"
      + " detections.";

  /** One entry of the report: bytes, metrics and difference (null when not evaluated; the checkpoint has none). */
  public record Entry(long bytes, Map<String, Double> metrics, DetectionDifference difference) {}

  private final String checkpointPath;
  private final String inputType;
  private final int evalImages;
  private final Map<String, Entry> entries;

  /**
   * @param evalImages the eval records scored, or -1 when the evaluations were skipped
   * @param entries the checkpoint's entry under {@link #CHECKPOINT}, then each artefact's under its file name
   */
  public ExportReport(String checkpointPath, String inputType, int evalImages, Map<String, Entry> entries) {
    this.checkpointPath = checkpointPath;
    this.inputType = inputType;
    this.evalImages = evalImages;
    this.entries = new LinkedHashMap<>(entries);
  }

  public Map<String, Entry> entries() {
    return entries;
  }

  /** The report as indented JSON. */
  public byte[] toJson() throws IOException {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    entries.forEach((name, e) -> {
      ObjectNode node = root.putObject(name);
      if (name.equals(CHECKPOINT)) {
        node.put("path", checkpointPath);
      }
      node.put(BYTES, e.bytes());
      if (e.metrics() != null) {
        e.metrics().forEach((k, v) -> {
          if (v == null || v.isNaN()) {
            node.putNull(k);
          } else {
            node.put(k, v);
          }
        });
      }
      if (e.difference() != null) {
        ObjectNode d = node.putObject(DIFFERENCE);
        d.put("boxes", e.difference().boxes());
        d.put("scores", e.difference().scores());
        d.put("classes_agree", e.difference().classesAgree());
      }
    });
    root.put("input_type", inputType);
    if (evalImages >= 0) {
      root.put("eval_images", evalImages);
      root.put("metrics_note", NOTE);
    }
    return mapper.writeValueAsBytes(root);
  }
}
