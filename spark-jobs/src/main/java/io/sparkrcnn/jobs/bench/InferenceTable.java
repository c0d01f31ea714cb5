package io.sparkrcnn.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkrcnn.model.detector.ImageDetections;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The rows of {@code sparkrcnn bench inference} as a Markdown table, the TensorFlow child's JSON line read back
 * ({@link TensorFlowInferenceRunner}), and the comparison of its detections with DL4J's.
 */
final class InferenceTable {
  private InferenceTable() {}

  /** One timed artefact: milliseconds per image (batch 1), mean and minimum over the timed repetitions. */
  record Row(String model, int canvas, String runtime, String artefact, long bytes, double meanMs, double minMs) {}

  /** One graph's timings and detections, as the child printed them. */
  record GraphResult(String file, double meanMs, double minMs, int numDetections, float topScore, int topClass,
      float[] topBox) {}

  /** The child's line: TensorFlow's version, its intra-op threads, one result per graph in the order given. */
  record TensorFlowRun(String version, int threads, List<GraphResult> graphs) {}

  static final String HEADER = "| model | canvas | runtime | artefact | bytes | ms/image (mean) | ms/image (min) |"
      + " images/s |\n|---|---:|---|---|---:|---:|---:|---:|\n";

  static String markdown(List<Row> rows) {
    StringBuilder out = new StringBuilder(HEADER);
    rows.forEach(r -> out.append(row(r)));
    return out.toString();
  }

  static String row(Row r) {
    return String.format(Locale.ROOT, "| %s | %d | %s | %s | %,d | %.1f | %.1f | %.2f |%n", r.model(), r.canvas(),
        r.runtime(), r.artefact(), r.bytes(), r.meanMs(), r.minMs(), 1000 / r.meanMs());
  }

  /** The last line of {@code stdout} that is a JSON object, read as the child's result. */
  static TensorFlowRun parse(String stdout) throws IOException {
    String line = null;
    for (String l : stdout.split("\n")) {
      if (l.strip().startsWith("{")) {
        line = l.strip();
      }
    }
    if (line == null) {
      throw new IOException("the TensorFlow runner printed no JSON line; its output: " + stdout.strip());
    }
    JsonNode json = new ObjectMapper().readTree(line);
    List<GraphResult> graphs = new ArrayList<>();
    for (JsonNode g : json.get("graphs")) {
      JsonNode top = g.get("top");
      boolean none = top == null || top.isNull();
      float[] box = new float[4];
      for (int i = 0; i < 4 && !none; i++) {
        box[i] = (float) top.get("box").get(i).asDouble();
      }
      graphs.add(new GraphResult(g.get("file").asText(), g.get("mean_ms").asDouble(), g.get("min_ms").asDouble(),
          g.get("num_detections").asInt(), none ? Float.NaN : (float) top.get("score").asDouble(),
          none ? 0 : top.get("class").asInt(), box));
    }
    return new TensorFlowRun(json.get("tensorflow").asText(), json.get("threads").asInt(), graphs);
  }

  /**
   * The largest difference between the top detections (score and box; {@code +Infinity} when the classes or the
   * counts differ, 0 when neither has a detection).
   */
  static double topDifference(ImageDetections dl4j, GraphResult tf) {
    int n = dl4j.scores().length;
    if (n != tf.numDetections()) {
      return Double.POSITIVE_INFINITY;
    }
    if (n == 0) {
      return 0;
    }
    if (dl4j.classes()[0] != tf.topClass()) {
      return Double.POSITIVE_INFINITY;
    }
    double d = Math.abs(dl4j.scores()[0] - tf.topScore());
    for (int i = 0; i < 4; i++) {
      d = Math.max(d, Math.abs(dl4j.boxes()[0][i] - tf.topBox()[i]));
    }
    return d;
  }

  /**
   * A footnote line saying how a graph's detections compare with DL4J's; a verdict against {@code tolerance} unless
   * it is NaN (the 8-bit graph, whose weights are rounded).
   */
  static String agreement(String model, int canvas, ImageDetections dl4j, GraphResult tf, double tolerance) {
    double d = topDifference(dl4j, tf);
    String head = String.format(Locale.ROOT, "%s at %d, %s: num_detections %d (DL4J) vs %d (TensorFlow)", model,
        canvas, tf.file(), dl4j.scores().length, tf.numDetections());
    if (Double.isInfinite(d)) {
      return head + (dl4j.scores().length == tf.numDetections() ? ", top detections of different classes" : "")
          + (Double.isNaN(tolerance) ? "" : ": DIFFERENT");
    }
    String verdict = Double.isNaN(tolerance) ? "8-bit weights"
        : (d <= tolerance ? "equal" : "NOT equal") + String.format(Locale.ROOT, " within %.0e", tolerance);
    return head + String.format(Locale.ROOT, "; top detection (class %d) differs by %.1e in score and box (%s)",
        tf.topClass(), d, verdict);
  }
}
