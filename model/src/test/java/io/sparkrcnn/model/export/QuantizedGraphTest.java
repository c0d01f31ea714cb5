package io.sparkrcnn.model.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * A small DL4J conv net written as TensorFlow nodes, then quantized: TensorFlow runs both graphs, and the quantized
 * one gives what DL4J gives with {@link QuantizedParams}' weights.
 */
class QuantizedGraphTest {
  private static final String IMAGE = "image";
  private static final int CANVAS = 16;

  /** Kernels of 1296, 82944, 12288 and 256 elements (the last one stays float), biases of 48, 192, 64 and 4. */
  private static ComputationGraph net() {
    var conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).seed(21).updater(new NoOp())
        .weightInit(WeightInit.RELU).convolutionMode(ConvolutionMode.Same).graphBuilder().addInputs(IMAGE)
        .addLayer("conv1", conv(3, 48, 1, Activation.RELU), IMAGE)
        .addLayer("conv2", conv(3, 192, 2, Activation.RELU), "conv1")
        .addLayer("conv3", conv(1, 64, 1, Activation.IDENTITY), "conv2")
        .addLayer("conv4", conv(1, 4, 1, Activation.IDENTITY), "conv3")
        .setOutputs("conv4").setInputTypes(InputType.convolutional(CANVAS, CANVAS, 3)).build();
    ComputationGraph net = new ComputationGraph(conf);
    net.init();
    for (Layer layer : net.getLayers()) {
      long[] shape = layer.getParam("b").shape();
      layer.setParam("b", Nd4j.rand(DataType.FLOAT, shape).subi(0.5).muli(0.2));
    }
    return net;
  }

  private static ConvolutionLayer conv(int kernel, int out, int stride, Activation activation) {
    return new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).nOut(out).activation(activation)
        .build();
  }

  private static GraphDef graphDef(ComputationGraph net) {
    GraphDefBuilder g = new GraphDefBuilder();
    String in = g.placeholder("image_tensor", org.tensorflow.proto.DataType.DT_FLOAT, -1, -1, -1, 3);
    new ComputationGraphNodes(net).write(g, Map.of(IMAGE, in), "conv4");
    return g.build();
  }

  private static double largestDifference(INDArray a, INDArray b) {
    return a.sub(b).amaxNumber().doubleValue();
  }

  @Test
  void tensorFlowRunsTheQuantizedGraphAndDl4jWithQuantizedParamsAgrees() {
    ComputationGraph net = net();
    GraphDef floats = graphDef(net);
    GraphDef quantized = QuantizeWeights.apply(floats);
    assertEquals(List.of("conv1/weights", "conv2/weights", "conv3/weights"), quantized.getNodeList().stream()
        .filter(n -> n.getOp().equals("Dequantize")).map(NodeDef::getName).toList());

    INDArray image = Nd4j.rand(DataType.FLOAT, 2, 3, CANVAS, CANVAS).subi(0.5).muli(4);
    INDArray nhwc = image.permute(0, 2, 3, 1);
    INDArray tfFloat = TensorFlowRun.run(floats, "image_tensor", nhwc, "conv4/BiasAdd");
    INDArray tfQuantized = TensorFlowRun.run(quantized, "image_tensor", nhwc, "conv4/BiasAdd");
    INDArray ours = QuantizedParams.apply(net, QuantizeWeights.DEFAULT_MINIMUM_SIZE).outputSingle(image)
        .permute(0, 2, 3, 1).dup('c');

    double scale = tfFloat.amaxNumber().doubleValue();
    double quantization = largestDifference(tfFloat, tfQuantized) / scale;
    assertTrue(quantization > 1e-4 && quantization < 0.03, "8-bit weights move the output by " + quantization
        + " of its largest value " + scale);
    double runtimes = largestDifference(ours, tfQuantized) / scale;
    assertTrue(runtimes < 1e-6, "DL4J with the round-tripped weights vs TensorFlow: " + runtimes);
  }

  @Test
  void theQuantizedGraphIsAQuarterOfTheFloatOne() {
    GraphDef floats = graphDef(net());
    GraphDef quantized = QuantizeWeights.apply(floats);
    double ratio = (double) floats.getSerializedSize() / quantized.getSerializedSize();
    assertTrue(ratio >= 3.8 && ratio < 4, floats.getSerializedSize() + " / " + quantized.getSerializedSize() + " = "
        + ratio);
  }

  @Test
  void quantizedParamsRoundTripsExactlyTheLargeArraysOfACopy() {
    ComputationGraph net = net();
    INDArray before = net.params().dup();
    ComputationGraph copy = QuantizedParams.apply(net, 1024);
    assertEquals(before, net.params(), "the original graph keeps its weights");
    int changed = 0;
    for (Layer layer : net.getLayers()) {
      String name = layer.getConfig().getLayerName();
      for (var param : layer.paramTable().entrySet()) {
        INDArray original = param.getValue();
        INDArray result = copy.getLayer(name).getParam(param.getKey());
        float[] values = original.dup('c').reshape(original.length()).toFloatVector();
        float[] got = result.dup('c').reshape(result.length()).toFloatVector();
        assertArrayEquals(original.shape(), result.shape());
        if (original.length() >= 1024) {
          assertArrayEquals(QuantizeWeights.roundTrip(values), got, name + "/" + param.getKey());
          assertNotEquals(original, result, name + "/" + param.getKey());
          changed++;
        } else {
          assertArrayEquals(values, got, name + "/" + param.getKey());
        }
      }
    }
    assertEquals(3, changed, "conv1, conv2 and conv3's kernels");
    assertNotEquals(before, copy.params(), "the copy's flat parameters are the changed arrays'");
  }
}
