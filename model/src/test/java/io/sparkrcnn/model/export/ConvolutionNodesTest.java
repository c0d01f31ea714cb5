package io.sparkrcnn.model.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.model.backbone.FrozenBatchNorm;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/** DL4J's convolution → frozen batch norm (ReLU) against TensorFlow running the folded NHWC nodes. */
class ConvolutionNodesTest {
  private static final int IN = 3;
  private static final int OUT = 5;

  private static ComputationGraph graph(int kernel, int stride, ConvolutionMode mode, int padding, boolean bias,
      long seed) {
    var conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).seed(seed).updater(new NoOp())
        .weightInit(WeightInit.XAVIER).graphBuilder().addInputs("image")
        .addLayer("conv", new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).padding(padding, padding)
            .convolutionMode(mode).hasBias(bias).nOut(OUT).activation(Activation.IDENTITY).build(), "image")
        .addLayer("bn", new FrozenBatchNorm(1e-3, true), "conv")
        .setOutputs("bn").setInputTypes(InputType.convolutional(13, 11, IN)).build();
    ComputationGraph g = new ComputationGraph(conf);
    g.init();
    var random = Nd4j.getRandomFactory().getNewRandomInstance(seed);
    if (bias) {
      g.getLayer("conv").setParam("b", Nd4j.rand(DataType.FLOAT, 1, OUT).subi(0.5));
    }
    g.getLayer("bn").setParam("gamma", Nd4j.rand(random, 1, OUT).castTo(DataType.FLOAT).muli(4).subi(2));
    g.getLayer("bn").setParam("beta", Nd4j.rand(random, 1, OUT).castTo(DataType.FLOAT).subi(0.5));
    g.getLayer("bn").setParam("mean", Nd4j.rand(random, 1, OUT).castTo(DataType.FLOAT).subi(0.5).muli(2));
    g.getLayer("bn").setParam("var", Nd4j.rand(random, 1, OUT).castTo(DataType.FLOAT).muli(3).addi(0.05));
    return g;
  }

  @ParameterizedTest(name = "{0}x{0} stride {1} {2} padding {3} bias {4}")
  @CsvSource({"1, 1, Same, 0, true", "3, 1, Same, 0, false", "3, 2, Same, 0, true", "7, 2, Same, 0, false",
      "7, 2, Truncate, 3, false", "1, 2, Truncate, 0, true"})
  void tensorFlowGivesTheSameActivations(int kernel, int stride, ConvolutionMode mode, int padding, boolean bias) {
    ComputationGraph dl4j = graph(kernel, stride, mode, padding, bias, 17L * kernel + stride);
    INDArray image = Nd4j.rand(DataType.FLOAT, 2, IN, 13, 11).subi(0.5).muli(4);
    INDArray ours = dl4j.outputSingle(image).permute(0, 2, 3, 1).dup('c');

    GraphDefBuilder g = new GraphDefBuilder();
    String in = g.placeholder("image_tensor", org.tensorflow.proto.DataType.DT_FLOAT, -1, -1, -1, IN);
    FoldedConvolution folded = FoldedConvolution.of((ConvolutionLayer) dl4j.getLayer("conv").conf().getLayer(),
        dl4j.getLayer("conv").paramTable(), (FrozenBatchNorm) dl4j.getLayer("bn").conf().getLayer(),
        dl4j.getLayer("bn").paramTable());
    String out = ConvolutionNodes.write(g, "conv1", in, folded);
    INDArray theirs = TensorFlowRun.run(g.build(), in, image.permute(0, 2, 3, 1), out);

    assertArrayEquals(ours.shape(), theirs.shape());
    double diff = Nd4j.math().abs(ours.sub(theirs)).maxNumber().doubleValue();
    assertTrue(diff < 1e-4, "largest difference " + diff);
    assertTrue(ours.gt(0).castTo(DataType.FLOAT).meanNumber().doubleValue() > 0.2, "the ReLU clips some, not all");
    assertTrue(ours.eq(0).castTo(DataType.FLOAT).meanNumber().doubleValue() > 0.05, "the ReLU clips some, not all");
  }
}
