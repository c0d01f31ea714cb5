package io.sparkrcnn.model.roi;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.model.anchors.AnchorGridSpec;
import io.sparkrcnn.model.rpn.RpnLoss;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Finite-difference gradient checks in double precision of the two custom loss layers, each behind a
 * convolution so that the gradient they send to their input (RoI align's backward pass included) is checked
 * through that convolution's weights as well as their own parameters.
 */
class DetectionLayersGradientTest {
  private static final int CANVAS = 64;

  @BeforeAll
  static void doublePrecision() {
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
  }

  static AnchorGridSpec anchors() {
    return new AnchorGridSpec(new double[] {0.5, 1.0}, new double[] {1.0}, 32, 32, 0, 0, CANVAS, true);
  }

  /** Two images' ground truth in canvas pixels, the second image padded with one empty row. */
  static INDArray groundTruth() {
    return Nd4j.create(new double[][] {
        {8, 10, 30, 36, 1, 34, 30, 60, 58, 2},
        {20, 4, 50, 28, 2, 0, 0, 0, 0, 0}});
  }

  private static NeuralNetConfiguration.Builder base() {
    return new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).seed(3).updater(new NoOp())
        .weightInit(WeightInit.XAVIER).convolutionMode(ConvolutionMode.Same);
  }

  @Test
  void theRpnLossPassesTheGradientCheck() {
    RpnLoss rpn = RpnLoss.builder().anchors(anchors()).minibatchSize(12).positiveFraction(0.5).matchIou(0.7, 0.3)
        .lossWeights(1, 2).seed(1).build();
    ComputationGraphConfiguration conf = base().graphBuilder()
        .addInputs("features")
        .addLayer("rpn_out", new ConvolutionLayer.Builder(1, 1).nOut(10).activation(Activation.TANH).build(),
            "features")
        .addLayer("rpn_loss", rpn, "rpn_out")
        .setOutputs("rpn_loss")
        .setInputTypes(InputType.convolutional(4, 4, 3))
        .build();
    ComputationGraph g = new ComputationGraph(conf);
    g.init();
    Nd4j.getRandom().setSeed(11);
    INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 4, 4).muli(4).subi(2);
    assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
        .inputs(new INDArray[] {x}).labels(new INDArray[] {groundTruth()}).epsilon(1e-6).maxRelError(1e-4)
        .minAbsoluteError(1e-9)));
  }

  @Test
  void theBoxClassifierPassesTheGradientCheckIncludingRoiAlignsBackwardPass() {
    BoxClassifier box = BoxClassifier.builder().anchors(anchors()).featureChannels(3).numClasses(2).head(3, 5)
        .roiAlign(4, 2, 2).proposalNmsIou(0.7).proposalScoreThreshold(0).maxProposals(6).batchSize(6)
        .positiveFraction(0.25).positiveIou(0.5).groundTruthAsProposals(true).lossWeights(1, 2).l2(0).seed(1)
        .build();
    ComputationGraphConfiguration conf = base().graphBuilder()
        .addInputs("features", "rpn")
        .addLayer("conv", new ConvolutionLayer.Builder(1, 1).nOut(3).activation(Activation.TANH).build(), "features")
        .addVertex("merged", new MergeVertex(), "conv", "rpn")
        .addLayer("box", box, "merged")
        .setOutputs("box")
        .setInputTypes(InputType.convolutional(4, 4, 2), InputType.convolutional(4, 4, 10))
        .build();
    ComputationGraph g = new ComputationGraph(conf);
    g.init();
    Nd4j.getRandom().setSeed(12);
    INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 2, 4, 4).muli(4).subi(2);
    INDArray rpn = Nd4j.rand(DataType.DOUBLE, 2, 10, 4, 4).subi(0.5);
    assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
        .inputs(new INDArray[] {x, rpn}).labels(new INDArray[] {groundTruth()}).epsilon(1e-6).maxRelError(1e-4)
        .minAbsoluteError(1e-9)));
  }
}
