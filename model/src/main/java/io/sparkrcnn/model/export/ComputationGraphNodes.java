package io.sparkrcnn.model.export;

import io.sparkrcnn.model.backbone.FrozenBatchNorm;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;

/**
 * The part of a DL4J {@link ComputationGraph} (NCHW) that a vertex depends on, as TensorFlow NHWC nodes named after
 * the vertices, in the graph's topological order: a convolution with the batch norm that alone reads it folded in
 * ({@link FoldedConvolution}: our {@link FrozenBatchNorm}, its ReLU fused, or DL4J's {@link BatchNormalization}),
 * pooling ({@link PoolingNodes}), activation layers and element-wise sums ({@link PointwiseNodes}). Any other
 * vertex, a layer with an input preprocessor or a batch norm not after a convolution is refused, naming the vertex.
 */
public final class ComputationGraphNodes {
  private final ComputationGraph net;
  private final Map<String, List<String>> inputs;
  private final Map<String, GraphVertex> vertices;

  public ComputationGraphNodes(ComputationGraph net) {
    this.net = net;
    this.inputs = net.getConfiguration().getVertexInputs();
    this.vertices = net.getConfiguration().getVertices();
  }

  /**
   * Writes the vertices that {@code last} depends on, reading the TensorFlow tensors {@code fed} (DL4J input or
   * vertex name → node name, NHWC) where the walk starts; returns the node giving {@code last}'s output.
   */
  public String write(GraphDefBuilder g, Map<String, String> fed, String last) {
    Set<String> needed = ancestors(fed, last);
    Map<String, String> out = new HashMap<>(fed);
    for (int index : net.topologicalSortOrder()) {
      String name = net.getVertices()[index].getVertexName();
      if (needed.contains(name) && !out.containsKey(name)) {
        out.put(name, vertex(g, name, out, needed));
      }
    }
    return out.get(last);
  }

  private Set<String> ancestors(Map<String, String> fed, String last) {
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(last));
    while (!todo.isEmpty()) {
      String v = todo.pop();
      if (!seen.add(v) || fed.containsKey(v)) {
        continue;
      }
      List<String> in = inputs.get(v);
      if (in == null || in.isEmpty()) {
        throw new IllegalArgumentException("vertex '" + v + "' is an input of the graph that is not fed");
      }
      todo.addAll(in);
    }
    return seen;
  }

  private String vertex(GraphDefBuilder g, String name, Map<String, String> out, Set<String> needed) {
    List<String> in = new ArrayList<>();
    inputs.get(name).forEach(i -> in.add(out.get(i)));
    GraphVertex v = vertices.get(name);
    if (v instanceof ElementWiseVertex e) {
      return PointwiseNodes.elementWise(g, name, in, e.getOp());
    }
    if (!(v instanceof LayerVertex lv)) {
      throw refused(name, "vertex " + v.getClass().getSimpleName());
    }
    if (lv.getPreProcessor() != null) {
      throw refused(name, "input preprocessor " + lv.getPreProcessor().getClass().getSimpleName());
    }
    if (in.size() != 1) {
      throw refused(name, in.size() + " inputs");
    }
    Layer layer = lv.getLayerConf().getLayer();
    if (layer instanceof ConvolutionLayer conv && conv.getClass() == ConvolutionLayer.class) {
      return convolution(g, name, in.get(0), conv, needed);
    }
    if (layer instanceof FrozenBatchNorm || layer instanceof BatchNormalization) {
      String source = inputs.get(name).get(0);
      if (!foldsInto(name, source)) {
        throw refused(name, "a batch norm not after a convolution that only it reads");
      }
      return in.get(0); // folded into the convolution, which wrote its output already
    }
    if (layer instanceof SubsamplingLayer pool && pool.getClass() == SubsamplingLayer.class) {
      return PoolingNodes.write(g, name, in.get(0), pool);
    }
    if (layer instanceof ActivationLayer act) {
      return PointwiseNodes.activation(g, name, in.get(0), act.getActivationFn());
    }
    throw refused(name, "layer " + layer.getClass().getSimpleName());
  }

  /** {@code conv}, with the batch norm that alone reads it folded in when the walk needs that norm's output. */
  private String convolution(GraphDefBuilder g, String name, String input, ConvolutionLayer conv,
      Set<String> needed) {
    var params = net.getLayer(name).paramTable();
    String norm = soleBatchNormReader(name);
    FoldedConvolution folded;
    if (norm != null && needed.contains(norm)) {
      Layer n = layerOf(norm);
      var normParams = net.getLayer(norm).paramTable();
      folded = n instanceof FrozenBatchNorm f ? FoldedConvolution.of(conv, params, ChannelAffine.of(f, normParams),
          f.relu()) : FoldedConvolution.of(conv, params, ChannelAffine.of((BatchNormalization) n, normParams), false);
    } else if (conv.getActivationFn() instanceof ActivationIdentity
        || new ActivationReLU().equals(conv.getActivationFn())) {
      boolean relu = !(conv.getActivationFn() instanceof ActivationIdentity);
      ConvolutionLayer linear = conv.clone();
      linear.setActivationFn(new ActivationIdentity());
      folded = FoldedConvolution.of(linear, params, ChannelAffine.identity(conv.getNOut()), relu);
    } else {
      throw refused(name, "activation " + conv.getActivationFn());
    }
    return ConvolutionNodes.write(g, name, input, folded);
  }

  /** The batch norm vertex that is the only reader of convolution {@code conv} and reads only it, or null. */
  private String soleBatchNormReader(String conv) {
    List<String> readers = new ArrayList<>();
    inputs.forEach((v, in) -> {
      if (in.contains(conv)) {
        readers.add(v);
      }
    });
    if (readers.size() != 1 || !foldsInto(readers.get(0), conv)) {
      return null;
    }
    return readers.get(0);
  }

  private boolean foldsInto(String norm, String source) {
    Layer n = layerOf(norm);
    Layer s = layerOf(source);
    long readers = inputs.values().stream().filter(in -> in.contains(source)).count();
    return (n instanceof FrozenBatchNorm || n instanceof BatchNormalization) && inputs.get(norm).size() == 1
        && s instanceof ConvolutionLayer conv && conv.getClass() == ConvolutionLayer.class
        && conv.getActivationFn() instanceof ActivationIdentity && readers == 1;
  }

  private Layer layerOf(String name) {
    return vertices.get(name) instanceof LayerVertex lv ? lv.getLayerConf().getLayer() : null;
  }

  private static IllegalArgumentException refused(String name, String what) {
    return new IllegalArgumentException("vertex '" + name + "' (" + what + ") is not translated to TensorFlow");
  }
}
