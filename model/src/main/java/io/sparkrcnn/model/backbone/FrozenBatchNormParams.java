package io.sparkrcnn.model.backbone;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@link FrozenBatchNorm}'s four per-channel vectors, starting as the identity (gamma 1, beta 0, mean 0, var 1). */
public final class FrozenBatchNormParams implements ParamInitializer {
  public static final FrozenBatchNormParams INSTANCE = new FrozenBatchNormParams();
  private static final List<String> KEYS = List.of("gamma", "beta", "mean", "var");

  private FrozenBatchNormParams() {}

  @Override
  public long numParams(NeuralNetConfiguration conf) {
    return numParams(conf.getLayer());
  }

  @Override
  public long numParams(Layer layer) {
    return 4 * ((FrozenBatchNorm) layer).channels();
  }

  @Override
  public List<String> paramKeys(Layer layer) {
    return KEYS;
  }

  @Override
  public List<String> weightKeys(Layer layer) {
    return List.of();
  }

  @Override
  public List<String> biasKeys(Layer layer) {
    return List.of();
  }

  @Override
  public boolean isWeightParam(Layer layer, String key) {
    return false;
  }

  @Override
  public boolean isBiasParam(Layer layer, String key) {
    return false;
  }

  @Override
  public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
    Map<String, INDArray> views = views((FrozenBatchNorm) conf.getLayer(), paramsView);
    if (initializeParams) {
      views.get("gamma").assign(1);
      views.get("beta").assign(0);
      views.get("mean").assign(0);
      views.get("var").assign(1);
    }
    for (String k : KEYS) {
      if (!conf.variables().contains(k)) {
        conf.addVariable(k);
      }
    }
    return views;
  }

  @Override
  public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
    return views((FrozenBatchNorm) conf.getLayer(), gradientView);
  }

  private static Map<String, INDArray> views(FrozenBatchNorm c, INDArray flat) {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    KEYS.forEach(k -> shapes.put(k, new long[] {1, c.channels()}));
    return io.sparkrcnn.model.layers.ParamViews.slice(flat, shapes);
  }

}
