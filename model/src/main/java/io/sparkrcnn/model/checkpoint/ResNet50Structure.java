package io.sparkrcnn.model.checkpoint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A ResNet-50 read by structure, not by layer name: the stem is the convolution and batch norm between the input and
 * the first residual unit; a unit is an element-wise addition of a residual branch of three convolution + batch norm
 * pairs and a shortcut of none or one pair, both leaving the same vertex; a unit with a shortcut convolution starts a
 * block; blocks of {@link ZooResNet50Weights#UNITS} units make a ResNet-50.
 */
record ResNet50Structure(ConvBn stem, List<List<Unit>> blocks) {
  /** A convolution and the batch norm after it, by vertex name. */
  record ConvBn(String conv, String bn) {}

  /** A bottleneck unit: its residual branch (three pairs) and its shortcut (a pair, or null for identity). */
  record Unit(List<ConvBn> residual, ConvBn shortcut) {}

  /** Why a graph is not a ResNet-50 (an internal signal; becomes an {@link UnusableCheckpointException}). */
  static final class NotResNet50 extends Exception {
    NotResNet50(String message) {
      super(message, null, false, false);
    }
  }

  /** Reads the stem and the blocks of a ResNet-50 out of a graph's structure. */
  static ResNet50Structure of(ComputationGraph g) throws NotResNet50 {
    ComputationGraphConfiguration conf = g.getConfiguration();
    Map<String, List<String>> consumers = new HashMap<>();
    conf.getVertexInputs().forEach((v, ins) -> ins.forEach(i -> consumers.computeIfAbsent(i, k -> new ArrayList<>())
        .add(v)));
    List<String> adds = new ArrayList<>();
    for (int i : g.topologicalSortOrder()) {
      String name = g.getVertices()[i].getVertexName();
      if (conf.getVertices().get(name) instanceof ElementWiseVertex e && e.getOp() == ElementWiseVertex.Op.Add) {
        adds.add(name);
      }
    }
    if (adds.isEmpty()) {
      throw new NotResNet50("it has no residual additions");
    }
    List<Unit> units = new ArrayList<>();
    String previousAdd = null;
    ConvBn stem = null;
    for (String add : adds) {
      List<String> ins = conf.getVertexInputs().get(add);
      if (ins.size() != 2) {
        throw new NotResNet50("addition " + add + " has " + ins.size() + " inputs, not 2");
      }
      Branch a = branch(conf, consumers, ins.get(0), true);
      Branch b = branch(conf, consumers, ins.get(1), true);
      if (!a.start().equals(b.start())) {
        throw new NotResNet50("the two branches of " + add + " start at " + a.start() + " and " + b.start());
      }
      Branch residual = a.pairs().size() >= b.pairs().size() ? a : b;
      Branch shortcut = residual == a ? b : a;
      if (residual.pairs().size() != 3 || shortcut.pairs().size() > 1) {
        throw new NotResNet50("unit " + add + " has branches of " + residual.pairs().size() + " and "
            + shortcut.pairs().size() + " convolutions, not a bottleneck's 3 and 0 or 1");
      }
      // the unit's input must be the previous unit's output (or, for the first, the stem's)
      Branch before = branch(conf, consumers, residual.start(), false);
      if (previousAdd == null) {
        if (before.pairs().size() != 1 || !conf.getNetworkInputs().contains(before.start())) {
          throw new NotResNet50("the stem before " + add + " has " + before.pairs().size()
              + " convolutions, not 1");
        }
        stem = before.pairs().get(0);
      } else if (!before.pairs().isEmpty() || !before.start().equals(previousAdd)) {
        throw new NotResNet50("unit " + add + " does not follow unit " + previousAdd);
      }
      units.add(new Unit(residual.pairs(), shortcut.pairs().isEmpty() ? null : shortcut.pairs().get(0)));
      previousAdd = add;
    }
    List<List<Unit>> blocks = new ArrayList<>();
    for (Unit u : units) {
      if (u.shortcut() != null || blocks.isEmpty()) {
        blocks.add(new ArrayList<>());
      }
      blocks.get(blocks.size() - 1).add(u);
    }
    int[] found = blocks.stream().mapToInt(List::size).toArray();
    if (!Arrays.equals(found, ZooResNet50Weights.UNITS)) {
      throw new NotResNet50("its blocks have " + Arrays.toString(found) + " units, a ResNet-50's "
          + Arrays.toString(ZooResNet50Weights.UNITS));
    }
    return new ResNet50Structure(stem, blocks);
  }

  /** The convolution + batch norm pairs of a chain of single-input vertices, and the vertex the chain starts at. */
  private record Branch(List<ConvBn> pairs, String start) {}

  /**
   * Walks back from {@code from} through single-input vertices, collecting convolutions and batch norms, until a
   * vertex feeding several others ({@code stopAtFork}: a unit's input), an addition (a unit's output) or the input.
   */
  private static Branch branch(ComputationGraphConfiguration conf, Map<String, List<String>> consumers, String from,
      boolean stopAtFork) throws NotResNet50 {
    List<String> layers = new ArrayList<>();
    String cur = from;
    while (true) {
      if (conf.getNetworkInputs().contains(cur)) {
        break;
      }
      GraphVertex v = conf.getVertices().get(cur);
      if (v instanceof ElementWiseVertex && !cur.equals(from)) {
        break;
      }
      if (stopAtFork && consumers.getOrDefault(cur, List.of()).size() > 1) {
        break;
      }
      if (v instanceof LayerVertex lv) {
        Layer l = lv.getLayerConf().getLayer();
        if (l.getClass() == ConvolutionLayer.class || l instanceof BatchNormalization) {
          layers.add(0, cur);
        } else if (l.initializer().numParams(l) > 0) {
          throw new NotResNet50(cur + " is a " + l.getClass().getSimpleName() + " inside the network");
        }
      } else if (v instanceof ElementWiseVertex) {
        break;
      }
      List<String> ins = conf.getVertexInputs().get(cur);
      if (ins == null || ins.size() != 1) {
        throw new NotResNet50(cur + " has " + (ins == null ? 0 : ins.size()) + " inputs where a chain has 1");
      }
      cur = ins.get(0);
    }
    List<ConvBn> pairs = new ArrayList<>();
    for (int i = 0; i < layers.size(); i += 2) {
      if (i + 1 >= layers.size() || layer(conf, layers.get(i)).getClass() != ConvolutionLayer.class
          || !(layer(conf, layers.get(i + 1)) instanceof BatchNormalization)) {
        throw new NotResNet50("the chain " + layers + " is not convolution + batch norm pairs");
      }
      pairs.add(new ConvBn(layers.get(i), layers.get(i + 1)));
    }
    return new Branch(pairs, cur);
  }

  /** The layer configuration of vertex {@code name}, or null when it is not a layer. */
  static Layer layer(ComputationGraphConfiguration conf, String name) {
    GraphVertex v = conf.getVertices().get(name);
    return v instanceof LayerVertex l ? l.getLayerConf().getLayer() : null;
  }
}
