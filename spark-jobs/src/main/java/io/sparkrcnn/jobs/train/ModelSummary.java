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
    var a = m.firstStage().anchors();
    out.printf(Locale.ROOT, "anchors: %d per cell (scales %s x aspect ratios %s, base %.0fx%.0f, stride %d)%n",
        a.anchorsPerLocation(), java.util.Arrays.toString(a.scales()), java.util.Arrays.toString(a.aspectRatios()),
        a.baseHeight(), a.baseWidth(), io.sparkrcnn.model.backbone.Backbone.STRIDE);
    out.printf(Locale.ROOT, "first stage: %d anchors sampled per image, NMS %.2f, %d proposals%n",
        m.firstStage().minibatchSize(), m.firstStage().nmsIou(), m.firstStage().maxProposals());
    var second = m.secondStage();
    out.printf(Locale.ROOT, "second stage: crop %d, max-pool %d/%d, %d RoIs per image, NMS %.2f, <= %d per class,"
        + " <= %d total%n", second.cropSize(), second.poolKernel(), second.poolStride(), second.batchSize(),
        m.postProcessing().nmsIou(), m.postProcessing().maxDetectionsPerClass(),
        m.postProcessing().maxTotalDetections());
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
