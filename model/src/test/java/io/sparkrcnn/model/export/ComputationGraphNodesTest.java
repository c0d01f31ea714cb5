package io.sparkrcnn.model.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.model.backbone.Backbone;
import io.sparkrcnn.model.backbone.ResNetBackbone;
import io.sparkrcnn.model.backbone.TinyBackbone;
import java.util.Map;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/** Whole backbones, DL4J's graph output at their last vertex against TensorFlow running the translated nodes. */
class ComputationGraphNodesTest {
  private static final String IMAGE = "image";

  private static NeuralNetConfiguration.Builder base(long seed) {
    return new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).seed(seed).updater(new NoOp())
        .weightInit(WeightInit.RELU).convolutionMode(ConvolutionMode.Same);
  }

  /** {@code backbone} alone, as the detector builds it, with random batch-norm statistics and gamma/beta. */
  private static ComputationGraph graph(Backbone backbone, int canvas, long seed) {
    var g = base(seed).graphBuilder().addInputs(IMAGE);
    String last = backbone.addTo(g, IMAGE);
    ComputationGraph net = new ComputationGraph(g.setOutputs(last)
        .setInputTypes(InputType.convolutional(canvas, canvas, 3)).build());
    net.init();
    RandomBatchNorms.randomize(net, seed);
    return net;
  }

  private static void assertSameFeatures(Backbone backbone, int canvas, long seed) {
    ComputationGraph net = graph(backbone, canvas, seed);
    String last = net.getConfiguration().getNetworkOutputs().get(0);
    INDArray image = Nd4j.rand(DataType.FLOAT, 2, 3, canvas, canvas).subi(0.5).muli(4);
    INDArray ours = net.outputSingle(image).permute(0, 2, 3, 1).dup('c');

    GraphDefBuilder g = new GraphDefBuilder();
    String in = g.placeholder("image_tensor", org.tensorflow.proto.DataType.DT_FLOAT, -1, -1, -1, 3);
    String out = new ComputationGraphNodes(net).write(g, Map.of(IMAGE, in), last);
    INDArray theirs = TensorFlowRun.run(g.build(), in, image.permute(0, 2, 3, 1), out);

    assertArrayEquals(ours.shape(), theirs.shape());
    double scale = Math.max(1, ours.amaxNumber().doubleValue());
    double diff = ours.sub(theirs).amaxNumber().doubleValue() / scale;
    assertTrue(diff < 1e-3, "largest difference " + diff + " of the largest value " + scale);
    double positive = ours.gt(0).castTo(DataType.FLOAT).meanNumber().doubleValue();
    assertTrue(positive > 0.05 && positive < 0.95, "the last ReLU clips some, not all: " + positive);
  }

  @Test
  void theTinyBackboneWithTrainableBatchNormGivesTheSameFeatures() {
    assertSameFeatures(new TinyBackbone(), 64, 3);
  }

  @Test
  void resNet50WithFrozenBatchNormGivesTheSameFeatures() {
    assertSameFeatures(ResNetBackbone.resnet50(false), 64, 5);
  }

  @Test
  void resNet50WithTrainableBatchNormAndSeparateReluGivesTheSameFeatures() {
    assertSameFeatures(ResNetBackbone.resnet50(true), 96, 7);
  }

  @Test
  void aConvolutionThatIsTheLastVertexKeepsItsOwnOutputUnfolded() {
    ComputationGraph net = graph(new TinyBackbone(), 32, 11);
    INDArray image = Nd4j.rand(DataType.FLOAT, 1, 3, 32, 32).subi(0.5);
    INDArray ours = net.feedForward(image, false).get("tiny/conv1_down").permute(0, 2, 3, 1).dup('c');
    GraphDefBuilder g = new GraphDefBuilder();
    String in = g.placeholder("image_tensor", org.tensorflow.proto.DataType.DT_FLOAT, -1, -1, -1, 3);
    String out = new ComputationGraphNodes(net).write(g, Map.of(IMAGE, in), "tiny/conv1_down");
    INDArray theirs = TensorFlowRun.run(g.build(), in, image.permute(0, 2, 3, 1), out);
    double diff = ours.sub(theirs).amaxNumber().doubleValue();
    assertTrue(diff < 1e-4, "largest difference " + diff);
  }

  @Test
  void aLayerThatIsNotTranslatedIsRefusedByName() {
    var g = base(1).graphBuilder().addInputs(IMAGE)
        .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build(), IMAGE)
        .addLayer("depthwise", new DepthwiseConvolution2D.Builder(3, 3).nOut(4).build(), "conv")
        .addVertex("product", new ElementWiseVertex(ElementWiseVertex.Op.Product), "conv", "depthwise")
        .setOutputs("product").setInputTypes(InputType.convolutional(8, 8, 3)).build();
    ComputationGraph net = new ComputationGraph(g);
    net.init();
    GraphDefBuilder b = new GraphDefBuilder();
    String in = b.placeholder("image_tensor", org.tensorflow.proto.DataType.DT_FLOAT, -1, -1, -1, 3);
    var nodes = new ComputationGraphNodes(net);
    var e = assertThrows(IllegalArgumentException.class, () -> nodes.write(b, Map.of(IMAGE, in), "product"));
    assertTrue(e.getMessage().contains("'depthwise'"), e.getMessage());
    var sum = assertThrows(IllegalArgumentException.class,
        () -> nodes.write(new GraphDefBuilder(), Map.of("conv", in, "depthwise", in), "product"));
    assertTrue(sum.getMessage().contains("'product'"), sum.getMessage());
  }
}
