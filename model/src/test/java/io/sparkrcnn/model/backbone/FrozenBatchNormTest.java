package io.sparkrcnn.model.backbone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class FrozenBatchNormTest {
  @BeforeAll
  static void doublePrecision() {
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
  }

  private static ComputationGraph graph() {
    return graph(new FrozenBatchNorm(1e-5, false));
  }

  private static ComputationGraph graph(FrozenBatchNorm bn) {
    var conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).seed(4).updater(new NoOp())
        .weightInit(WeightInit.XAVIER).convolutionMode(ConvolutionMode.Same).graphBuilder()
        .addInputs("in")
        .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.TANH).build(), "in")
        .addLayer("bn", bn, "conv")
        .addLayer("conv2", new ConvolutionLayer.Builder(1, 1).nOut(2).activation(Activation.TANH).build(), "bn")
        .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "conv2")
        .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
            .activation(Activation.IDENTITY).build(), "pool")
        .setOutputs("out").setInputTypes(InputType.convolutional(5, 5, 2)).build();
    ComputationGraph g = new ComputationGraph(conf);
    g.init();
    g.getLayer("bn").setParam("gamma", Nd4j.create(new double[][] {{1.5, 0.5, -2.0}}));
    g.getLayer("bn").setParam("beta", Nd4j.create(new double[][] {{0.1, -0.3, 0.2}}));
    g.getLayer("bn").setParam("mean", Nd4j.create(new double[][] {{0.2, -0.1, 0.05}}));
    g.getLayer("bn").setParam("var", Nd4j.create(new double[][] {{0.5, 2.0, 1.2}}));
    return g;
  }

  @Test
  void itAppliesTheStoredStatisticsPerChannel() {
    ComputationGraph g = graph();
    INDArray x = Nd4j.create(new double[] {1.0, 2.0, -1.0}, 1, 3, 1, 1);
    INDArray y = g.getLayer("bn").activate(x, true, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
    double[] expected = {
        (1.0 - 0.2) / Math.sqrt(0.5 + 1e-5) * 1.5 + 0.1,
        (2.0 + 0.1) / Math.sqrt(2.0 + 1e-5) * 0.5 - 0.3,
        (-1.0 - 0.05) / Math.sqrt(1.2 + 1e-5) * -2.0 + 0.2};
    for (int c = 0; c < 3; c++) {
      assertEquals(expected[c], y.getDouble(0, c, 0, 0), 1e-12);
    }
  }

  @Test
  void itsBackwardPassPassesTheGradientCheckAndItsParametersStayFrozen() {
    ComputationGraph g = graph();
    Nd4j.getRandom().setSeed(3);
    INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 2, 5, 5);
    INDArray labels = Nd4j.rand(DataType.DOUBLE, 2, 2);
    // the statistics are constants of the layer (zero gradient by design), so only the other weights are checked:
    // their gradients flow through the layer's backward pass
    assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g).inputs(new INDArray[] {x})
        .labels(new INDArray[] {labels}).excludeParams(Set.of("bn_gamma", "bn_beta", "bn_mean", "bn_var"))));
    INDArray before = g.getLayer("bn").params().dup();
    g.computeGradientAndScore();
    assertEquals(0.0, g.gradient().getGradientFor("bn_gamma").norm2Number().doubleValue());
    assertEquals(before, g.getLayer("bn").params());
  }

  @Test
  void withReluItClipsTheNormalisedOutputAtZero() {
    ComputationGraph g = graph(new FrozenBatchNorm(1e-5, true));
    INDArray x = Nd4j.create(new double[] {1.0, 2.0, -1.0, -1.0, -2.0, 1.0}, 2, 3, 1, 1);
    INDArray y = g.getLayer("bn").activate(x, true, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
    // image 0 as in the test above (all three positive); image 1 negative in every channel before the ReLU
    double[] expected = {
        (1.0 - 0.2) / Math.sqrt(0.5 + 1e-5) * 1.5 + 0.1,
        (2.0 + 0.1) / Math.sqrt(2.0 + 1e-5) * 0.5 - 0.3,
        (-1.0 - 0.05) / Math.sqrt(1.2 + 1e-5) * -2.0 + 0.2,
        0, 0, 0};
    assertTrue((-1.0 - 0.2) / Math.sqrt(0.5) * 1.5 + 0.1 < 0 && (-2.0 + 0.1) / Math.sqrt(2.0) * 0.5 - 0.3 < 0
        && (1.0 - 0.05) / Math.sqrt(1.2) * -2.0 + 0.2 < 0);
    for (int i = 0; i < 6; i++) {
      assertEquals(expected[i], y.getDouble(i / 3, i % 3, 0, 0), 1e-12, "value " + i);
    }
  }

  @Test
  void withReluItsBackwardPassPassesTheGradientCheck() {
    ComputationGraph g = graph(new FrozenBatchNorm(1e-5, true));
    Nd4j.getRandom().setSeed(3);
    INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 2, 5, 5).subi(0.5).muli(4);
    INDArray labels = Nd4j.rand(DataType.DOUBLE, 2, 2);
    INDArray pre = g.feedForward(x, false).get("bn");
    assertTrue(pre.eq(0).castTo(DataType.DOUBLE).sumNumber().doubleValue() > 10, "some outputs are clipped");
    assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g).inputs(new INDArray[] {x})
        .labels(new INDArray[] {labels}).excludeParams(Set.of("bn_gamma", "bn_beta", "bn_mean", "bn_var"))));
  }

  @Test
  void aNonPositiveEpsilonIsRefusedNamingTheField() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FrozenBatchNorm(0, true));
    assertEquals("FrozenBatchNorm.eps is 0.0; it must be above 0", e.getMessage());
  }
}
