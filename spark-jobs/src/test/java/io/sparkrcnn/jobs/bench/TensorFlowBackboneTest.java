package io.sparkrcnn.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.model.backbone.Backbone;
import io.sparkrcnn.model.backbone.FrozenBatchNorm;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The TensorFlow twin of a DL4J backbone computes what DL4J computes, given the same weights: what makes the
 * side-by-side benchmark ({@code BackboneVsTensorFlowBenchmark}) compare the same work.
 */
class TensorFlowBackboneTest {

  /** 100 pixels: 50 after conv1, 25 after the pool, then 13 and 7, so odd sizes test where each side pads. */
  @Test
  void resNet50BlocksOneToThreeAgreeWithDl4jGivenItsWeights() {
    ComputationGraph dl4j = BackboneGraph.build(Backbone.named("faster_rcnn_resnet50", false), 100, 3);
    BackboneGraph.randomizeBatchNorm(dl4j, 4);
    INDArray x = image(100, 5);
    INDArray expected = dl4j.outputSingle(x);
    try (TensorFlowBackbone tf = TensorFlowBackbone.of(dl4j, 2)) {
      INDArray actual = tf.output(x);
      assertArrayEquals(new long[] {1, 1024, 7, 7}, actual.shape());
      assertTrue(relativeDifference(expected, actual) < 1e-4, "relative difference " + relativeDifference(expected,
          actual));
    }
  }

  /** Biases, an activation inside the convolution, explicit padding, a stride, a shortcut add. */
  @Test
  void convolutionWithBiasReluAndPaddingAgrees() {
    var conf = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT)
        .convolutionMode(ConvolutionMode.Same).graphBuilder().addInputs("in")
        .addLayer("a", new ConvolutionLayer.Builder(5, 5).stride(2, 2).padding(2, 2)
            .convolutionMode(ConvolutionMode.Truncate).nOut(8).activation(Activation.RELU).build(), "in")
        .addLayer("bn", new FrozenBatchNorm(1e-5, false), "a")
        .addLayer("pool", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(3, 3)
            .stride(2, 2).build(), "bn")
        .addLayer("b", new ConvolutionLayer.Builder(3, 3).nOut(8).activation(Activation.IDENTITY).build(), "pool")
        .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "b", "pool")
        .setOutputs("add").setInputTypes(InputType.convolutional(23, 23, 3)).build();
    ComputationGraph dl4j = new ComputationGraph(conf);
    dl4j.init();
    dl4j.getLayer("a").getParam("b").assign(Nd4j.rand(DataType.FLOAT, 1, 8).subi(0.5));
    BackboneGraph.randomizeBatchNorm(dl4j, 8);
    INDArray x = image(23, 9);
    INDArray expected = dl4j.outputSingle(x);
    try (TensorFlowBackbone tf = TensorFlowBackbone.of(dl4j, 1)) {
      INDArray actual = tf.output(x);
      assertArrayEquals(expected.shape(), actual.shape());
      assertTrue(relativeDifference(expected, actual) < 1e-5);
    }
  }

  @Test
  void refusesALayerItCannotTranslate() {
    var conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).graphBuilder().addInputs("in")
        .addLayer("avg", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.AVG).kernelSize(2, 2).build(), "in")
        .setOutputs("avg").setInputTypes(InputType.convolutional(8, 8, 3)).build();
    ComputationGraph dl4j = new ComputationGraph(conf);
    dl4j.init();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TensorFlowBackbone.of(dl4j, 1));
    assertEquals("no TensorFlow translation for layer avg (SubsamplingLayer)", e.getMessage());
  }

  static INDArray image(int size, long seed) {
    Nd4j.getRandom().setSeed(seed);
    return Nd4j.rand(DataType.FLOAT, 1, 3, size, size).muli(255).subi(120);
  }

  static double relativeDifference(INDArray expected, INDArray actual) {
    return expected.sub(actual).amaxNumber().doubleValue() / expected.amaxNumber().doubleValue();
  }
}
