package io.sparkrcnn.jobs.bench;

import java.util.Map;
import java.util.TreeMap;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.LayerHelper;

/**
 * Which helper DL4J gave its layers (e.g. {@code MKLDNNConvHelper}, oneDNN's convolution), as it reports them:
 * this reads the layers, it enables nothing. A layer without a helper runs DL4J's own Java-side implementation.
 */
final class LayerHelpers {
  private LayerHelpers() {}

  /** The simple class name of the layer's helper, or "none". */
  static String name(Layer layer) {
    LayerHelper h = layer.getHelper();
    return h == null ? "none" : h.getClass().getSimpleName();
  }

  /**
   * DL4J's own layer types in {@code graph} (ours, which have no helpers, left out) with their helpers and counts,
   * e.g. "ConvolutionLayer: MKLDNNConvHelper ×53; SubsamplingLayer: none ×1".
   */
  static String describe(ComputationGraph graph) {
    Map<String, Map<String, Integer>> byType = new TreeMap<>();
    for (Layer l : graph.getLayers()) {
      if (l.getClass().getName().startsWith("org.deeplearning4j.")) {
        byType.computeIfAbsent(l.getClass().getSimpleName(), k -> new TreeMap<>()).merge(name(l), 1, Integer::sum);
      }
    }
    StringBuilder s = new StringBuilder();
    byType.forEach((type, helpers) -> helpers.forEach((helper, n) ->
        s.append(s.length() == 0 ? "" : "; ").append(type).append(": ").append(helper).append(" ×").append(n)));
    return s.toString();
  }
}
