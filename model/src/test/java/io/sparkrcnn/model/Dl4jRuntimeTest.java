package io.sparkrcnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The ground the model stands on: ND4J's CPU backend loads here, a small convolutional
 * ComputationGraph passes DL4J's finite-difference gradient check in double precision (the harness
 * every custom layer will use) and learns a fixed batch.
 */
class Dl4jRuntimeTest {
  @org.junit.jupiter.api.BeforeAll
  static void doublePrecision() {
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE); // gradient checks refuse anything else
  }

  private static ComputationGraph graph(org.nd4j.linalg.learning.config.IUpdater updater) {
    ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
        .dataType(DataType.DOUBLE).seed(42).updater(updater).weightInit(WeightInit.XAVIER)
        .graphBuilder()
        .addInputs("image")
        .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.TANH).build(), "image")
        .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
            .activation(Activation.IDENTITY).build(), "conv")
        .setOutputs("out")
        .setInputTypes(InputType.convolutional(6, 6, 2))
        .build();
    ComputationGraph g = new ComputationGraph(conf);
    g.init();
    return g;
  }

  @Test
  void theCpuBackendRunsInDoublePrecision() {
    INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 2, 6, 6);
    INDArray y = graph(new NoOp()).outputSingle(x);
    assertEquals(DataType.DOUBLE, y.dataType());
    assertEquals(2, y.size(0));
    assertEquals(2, y.size(1));
  }

  @Test
  void aConvGraphPassesTheFiniteDifferenceGradientCheck() {
    Nd4j.getRandom().setSeed(7);
    INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 2, 6, 6);
    INDArray labels = Nd4j.rand(DataType.DOUBLE, 2, 2);
    boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph(new NoOp()))
        .inputs(new INDArray[] {x}).labels(new INDArray[] {labels}));
    assertTrue(ok, "analytic and numeric gradients agree");
  }

  @Test
  void itLearnsAFixedBatch() {
    Nd4j.getRandom().setSeed(7);
    INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 2, 6, 6);
    INDArray labels = Nd4j.rand(DataType.DOUBLE, 4, 2);
    ComputationGraph g = graph(new Adam(0.01));
    double before = g.score(new org.nd4j.linalg.dataset.DataSet(x, labels));
    for (int i = 0; i < 200; i++) {
      g.fit(new INDArray[] {x}, new INDArray[] {labels});
    }
    double after = g.score(new org.nd4j.linalg.dataset.DataSet(x, labels));
    assertTrue(after < before / 10, "loss " + before + " -> " + after);
  }
}
