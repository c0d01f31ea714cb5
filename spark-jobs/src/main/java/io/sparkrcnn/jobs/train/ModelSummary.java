package io.sparkrcnn.jobs.train;

import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.detector.FasterRcnnGraph;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;

/** What {@code train --dry_run} prints: the model, its input, anchors, stages, training and parameters by part. */
final class ModelSummary {
  private ModelSummary() {}

  static void print(PrintWriter out, PipelineSettings s, ComputationGraph graph) {
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
}
