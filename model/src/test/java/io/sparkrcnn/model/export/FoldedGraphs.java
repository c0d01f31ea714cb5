package io.sparkrcnn.model.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.model.backbone.FrozenBatchNorm;
import io.sparkrcnn.model.config.ModelSettings;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.detector.FasterRcnnGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/** Detector graphs with random batch norms, and the comparisons of a trained graph with its folded copy. */
final class FoldedGraphs {
  private FoldedGraphs() {}

  static PipelineSettings shipped(String name) throws Exception {
    return PipelineSettings.parse(Files.readString(Path.of("../cluster-configs/pipelines", name)), name);
  }

  static ComputationGraph trained(PipelineSettings s, ModelSettings m, long seed) {
    return RandomBatchNorms.randomize(FasterRcnnGraph.build(m, s.train(), seed), seed);
  }

  static double relativeDifference(INDArray ours, INDArray theirs) {
    assertArrayEquals(ours.shape(), theirs.shape());
    double scale = Math.max(1, ours.amaxNumber().doubleValue());
    return ours.sub(theirs).amaxNumber().doubleValue() / scale;
  }

  static void assertSameOutputs(ComputationGraph trained, ComputationGraph folded, INDArray image) {
    INDArray[] expected = trained.output(false, image);
    INDArray[] actual = folded.output(false, image);
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      double diff = relativeDifference(expected[i], actual[i]);
      System.out.println("folded " + trained.getConfiguration().getNetworkOutputs().get(i) + ": relative difference "
          + diff);
      assertTrue(diff < 1e-4, "output " + trained.getConfiguration().getNetworkOutputs().get(i) + ": " + diff);
    }
  }

  static long batchNorms(ComputationGraph net) {
    return net.getConfiguration().getVertices().values().stream().filter(FoldedGraphs::isBatchNorm).count();
  }

  static boolean isBatchNorm(GraphVertex v) {
    return v instanceof LayerVertex lv && (lv.getLayerConf().getLayer() instanceof FrozenBatchNorm
        || lv.getLayerConf().getLayer() instanceof BatchNormalization);
  }

  /** The backbone's last vertex: the features the second stage reads. */
  static String features(ComputationGraph net) {
    return net.getConfiguration().getVertexInputs().get("second_stage/input").get(0);
  }

  /** The backbone as TensorFlow nodes, and the name of the node giving its features. */
  record Nodes(GraphDef graph, String features) {}

  static Nodes backboneNodes(ComputationGraph net) {
    GraphDefBuilder g = new GraphDefBuilder();
    String in = g.placeholder("image_tensor", org.tensorflow.proto.DataType.DT_FLOAT, -1, -1, -1, 3);
    String out = new ComputationGraphNodes(net).write(g, Map.of(FasterRcnnGraph.INPUT, in), features(net));
    return new Nodes(g.build(), out);
  }

  /**
   * The same nodes (the walk's order may differ, the graphs' topological orders do), compared node by node as the
   * graphs are too large for one message: op, inputs, attributes, constants' bytes.
   */
  static void assertSameNodes(Nodes expected, Nodes actual) {
    assertEquals(expected.features(), actual.features());
    Map<String, NodeDef> byName = new HashMap<>();
    actual.graph().getNodeList().forEach(n -> byName.put(n.getName(), n));
    assertEquals(expected.graph().getNodeCount(), byName.size());
    for (NodeDef e : expected.graph().getNodeList()) {
      NodeDef a = byName.get(e.getName());
      assertNotNull(a, e.getName());
      assertEquals(e.getOp(), a.getOp(), e.getName());
      assertEquals(e.getInputList(), a.getInputList(), e.getName());
      assertEquals(e.getAttrMap().keySet(), a.getAttrMap().keySet(), e.getName());
      e.getAttrMap().forEach((k, v) -> assertTrue(v.equals(a.getAttrMap().get(k)), e.getName() + " attribute " + k));
    }
  }

}
