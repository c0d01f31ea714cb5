package io.sparkrcnn.jobs.bench;

import io.sparkrcnn.model.backbone.Backbone;
import io.sparkrcnn.model.backbone.FrozenBatchNorm;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A backbone alone as a DL4J graph, image to features, with the defaults {@code FasterRcnnGraph} gives its layers. */
final class BackboneGraph {
  private BackboneGraph() {}

  /** {@code backbone} (e.g. {@code Backbone.named("faster_rcnn_resnet50", false)}) built and initialised. */
  static ComputationGraph build(Backbone backbone, int canvas, long seed) {
    var g = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT).weightInit(WeightInit.RELU)
        .convolutionMode(ConvolutionMode.Same).graphBuilder().addInputs("image");
    String features = backbone.addTo(g, "image");
    g.setOutputs(features).setInputTypes(InputType.convolutional(canvas, canvas, 3));
    ComputationGraph graph = new ComputationGraph(g.build());
    graph.init();
    return graph;
  }

  /**
   * Gives every frozen batch norm random statistics (gamma and var in [0.5, 1.5], beta and mean in [−0.1, 0.1])
   * instead of the identity they start as, so that a comparison exercises them.
   */
  static void randomizeBatchNorm(ComputationGraph graph, long seed) {
    Nd4j.getRandom().setSeed(seed);
    for (Layer l : graph.getLayers()) {
      if (l.conf().getLayer() instanceof FrozenBatchNorm) {
        set(l, "gamma", 0.5, 1.0);
        set(l, "var", 0.5, 1.0);
        set(l, "beta", -0.1, 0.2);
        set(l, "mean", -0.1, 0.2);
      }
    }
  }

  private static void set(Layer l, String key, double low, double range) {
    INDArray p = l.getParam(key);
    p.assign(Nd4j.rand(p.dataType(), p.shape()).muli(range).addi(low));
  }
}
