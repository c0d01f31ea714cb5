package io.sparkrcnn.model.roi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The box head's parameters as views of DL4J's flat parameter vector: 1×1 reduction, hidden fully connected
 * layer, class logits and per-class box codes (weights then biases). Hidden layers start He-normal, the class
 * layer N(0, 0.01²) and the box layer N(0, 0.001²), biases 0.
 */
public final class BoxClassifierParams implements ParamInitializer {
  public static final BoxClassifierParams INSTANCE = new BoxClassifierParams();
  public static final String REDUCE_W = "reduceW";
  public static final String REDUCE_B = "reduceB";
  public static final String HIDDEN_W = "hiddenW";
  public static final String HIDDEN_B = "hiddenB";
  public static final String CLASS_W = "classW";
  public static final String CLASS_B = "classB";
  public static final String BOX_W = "boxW";
  public static final String BOX_B = "boxB";
  private static final List<String> KEYS = List.of(REDUCE_W, REDUCE_B, HIDDEN_W, HIDDEN_B, CLASS_W, CLASS_B, BOX_W, BOX_B);

  private BoxClassifierParams() {}

  private static Map<String, long[]> shapes(BoxClassifier c) {
    int pooled = c.pooledSize();
    Map<String, long[]> s = new LinkedHashMap<>();
    s.put(REDUCE_W, new long[] {c.featureChannels(), c.reducedChannels()});
    s.put(REDUCE_B, new long[] {1, c.reducedChannels()});
    s.put(HIDDEN_W, new long[] {(long) pooled * pooled * c.reducedChannels(), c.hiddenUnits()});
    s.put(HIDDEN_B, new long[] {1, c.hiddenUnits()});
    s.put(CLASS_W, new long[] {c.hiddenUnits(), c.numClasses() + 1});
    s.put(CLASS_B, new long[] {1, c.numClasses() + 1});
    s.put(BOX_W, new long[] {c.hiddenUnits(), 4L * c.numClasses()});
    s.put(BOX_B, new long[] {1, 4L * c.numClasses()});
    return s;
  }

  @Override
  public long numParams(NeuralNetConfiguration conf) {
    return numParams(conf.getLayer());
  }

  @Override
  public long numParams(Layer layer) {
    return shapes((BoxClassifier) layer).values().stream().mapToLong(s -> s[0] * s[1]).sum();
  }

  @Override
  public List<String> paramKeys(Layer layer) {
    return KEYS;
  }

  @Override
  public List<String> weightKeys(Layer layer) {
    return List.of(REDUCE_W, HIDDEN_W, CLASS_W, BOX_W);
  }

  @Override
  public List<String> biasKeys(Layer layer) {
    return List.of(REDUCE_B, HIDDEN_B, CLASS_B, BOX_B);
  }

  @Override
  public boolean isWeightParam(Layer layer, String key) {
    return weightKeys(layer).contains(key);
  }

  @Override
  public boolean isBiasParam(Layer layer, String key) {
    return biasKeys(layer).contains(key);
  }

  @Override
  public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
    BoxClassifier c = (BoxClassifier) conf.getLayer();
    Map<String, INDArray> views = views(c, paramsView);
    if (initializeParams) {
      int pooled = c.pooledSize();
      for (Map.Entry<String, INDArray> e : views.entrySet()) {
        INDArray v = e.getValue();
        double std = switch (e.getKey()) {
          case REDUCE_W -> Math.sqrt(2.0 / c.featureChannels());
          case HIDDEN_W -> Math.sqrt(2.0 / (pooled * pooled * c.reducedChannels()));
          case CLASS_W -> 0.01;
          case BOX_W -> 0.001;
          default -> 0;
        };
        v.assign(std == 0 ? Nd4j.zeros(v.dataType(), v.shape()) : Nd4j.randn(v.dataType(), v.shape()).muli(std));
      }
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
    return views((BoxClassifier) conf.getLayer(), gradientView);
  }

  private static Map<String, INDArray> views(BoxClassifier c, INDArray flat) {
    return io.sparkrcnn.model.layers.ParamViews.slice(flat, shapes(c));
  }

}
