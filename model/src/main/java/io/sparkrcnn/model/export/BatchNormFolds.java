package io.sparkrcnn.model.export;

import io.sparkrcnn.model.backbone.FrozenBatchNorm;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.activations.impl.ActivationIdentity;

/**
 * The batch norms of a graph configuration that fold into the convolution before them, by the rule
 * {@link ComputationGraphNodes} folds by: a {@link FrozenBatchNorm} or DL4J {@link BatchNormalization} whose one
 * input is a plain {@link ConvolutionLayer} of identity activation that nothing else reads. Also neither is a network
 * output and the norm has no input preprocessor, so that removing the norm changes no output.
 */
public final class BatchNormFolds {
  private BatchNormFolds() {}

  /** Convolution vertex name → the batch-norm vertex that folds into it, in the configuration's vertex order. */
  public static Map<String, String> of(ComputationGraphConfiguration conf) {
    Map<String, List<String>> inputs = conf.getVertexInputs();
    List<String> outputs = conf.getNetworkOutputs();
    Map<String, String> folds = new LinkedHashMap<>();
    for (String norm : conf.getVertices().keySet()) {
      List<String> in = inputs.get(norm);
      if (!(layerOf(conf, norm) instanceof FrozenBatchNorm || layerOf(conf, norm) instanceof BatchNormalization)
          || in == null || in.size() != 1 || outputs.contains(norm)
          || ((LayerVertex) conf.getVertices().get(norm)).getPreProcessor() != null) {
        continue;
      }
      String source = in.get(0);
      long readers = inputs.values().stream().filter(i -> i.contains(source)).count();
      if (layerOf(conf, source) instanceof ConvolutionLayer conv && conv.getClass() == ConvolutionLayer.class
          && conv.getActivationFn() instanceof ActivationIdentity && readers == 1 && !outputs.contains(source)) {
        folds.put(source, norm);
      }
    }
    return folds;
  }

  private static Layer layerOf(ComputationGraphConfiguration conf, String name) {
    return conf.getVertices().get(name) instanceof LayerVertex lv ? lv.getLayerConf().getLayer() : null;
  }
}
