package io.sparkrcnn.jobs.bench;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One 3×3, 256→256 convolution of {@code [4, 256, 64, 64]} (NCHW, same padding, no bias), forward, timed two ways:
 * libnd4j's own {@code conv2d} op called directly (what the native build reaches: with the {@code -onednn} build,
 * oneDNN's kernel) and DL4J's {@code ConvolutionLayer}, the layer our backbones are built of, on the same input and
 * weights. The two outputs are compared once, so that both time the same convolution.
 */
final class ConvolutionCeiling {
  static final int BATCH = 4;
  static final int CHANNELS = 256;
  static final int SIZE = 64;
  /** Multiply-adds × 2 of one forward pass. */
  static final double FLOPS = 2.0 * BATCH * SIZE * SIZE * CHANNELS * CHANNELS * 9;

  private ConvolutionCeiling() {}

  /**
   * FLOP/s of the op and of the layer, the layer's helper (its class name, or "none" when DL4J runs the layer's
   * own im2col + gemm), and the largest difference between their outputs relative to the largest output.
   */
  record Result(double opFlops, double layerFlops, String layerHelper, double relativeDifference) {}

  /** Times {@code reps} forward passes of each after one warm-up pass. */
  static Result measure(int reps) {
    ComputationGraph layer = layerGraph();
    INDArray x = input();
    INDArray layerOut = layer.outputSingle(x).dup();
    long t0 = System.nanoTime();
    for (int i = 0; i < reps; i++) {
      layer.outputSingle(x);
    }
    double layerFlops = FLOPS * reps / ((System.nanoTime() - t0) / 1e9);

    // the layer's [out, in, kH, kW] weights as the op's default [kH, kW, in, out]
    INDArray w = layer.getLayer("conv").getParam("W").permute(2, 3, 1, 0).dup('c');
    INDArray opOut = Nd4j.create(DataType.FLOAT, BATCH, CHANNELS, SIZE, SIZE);
    Conv2DConfig c = Conv2DConfig.builder().kH(3).kW(3).sH(1).sW(1).pH(0).pW(0).dH(1).dW(1)
        .paddingMode(PaddingMode.SAME).dataFormat("NCHW").weightsFormat(WeightsFormat.YXIO).build();
    Nd4j.exec(new Conv2D(x, w, null, opOut, c));
    t0 = System.nanoTime();
    for (int i = 0; i < reps; i++) {
      Nd4j.exec(new Conv2D(x, w, null, opOut, c));
    }
    double opFlops = FLOPS * reps / ((System.nanoTime() - t0) / 1e9);
    double diff = opOut.sub(layerOut).amaxNumber().doubleValue() / layerOut.amaxNumber().doubleValue();
    return new Result(opFlops, layerFlops, LayerHelpers.name(layer.getLayer("conv")), diff);
  }

  /** The convolution as a one-layer DL4J graph (same padding, no bias, random weights). */
  static ComputationGraph layerGraph() {
    var conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).seed(1)
        .convolutionMode(ConvolutionMode.Same).graphBuilder().addInputs("in")
        .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(CHANNELS).hasBias(false)
            .activation(Activation.IDENTITY).build(), "in")
        .setOutputs("conv").setInputTypes(InputType.convolutional(SIZE, SIZE, CHANNELS))
        .build();
    ComputationGraph layer = new ComputationGraph(conf);
    layer.init();
    return layer;
  }

  /** Its input, {@code [BATCH, CHANNELS, SIZE, SIZE]}, uniform in [−0.5, 0.5). */
  static INDArray input() {
    Nd4j.getRandom().setSeed(1);
    return Nd4j.rand(DataType.FLOAT, BATCH, CHANNELS, SIZE, SIZE).subi(0.5);
  }
}
