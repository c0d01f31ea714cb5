package io.sparkrcnn.jobs.bench;

import io.sparkrcnn.model.backbone.FrozenBatchNorm;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * A DL4J backbone graph rebuilt, vertex for vertex, as a TensorFlow graph in TensorFlow's CPU layout (NHWC) with
 * the DL4J graph's own weights as constants: {@code ConvolutionLayer} → {@code Conv2D} (HWIO filter; "same" mode →
 * SAME, explicit padding → {@code Pad} + VALID; bias and ReLU when the layer has them), {@code FrozenBatchNorm} →
 * {@code FusedBatchNormV3} in inference mode (what the Object Detection API's frozen batch norm runs; then
 * {@code Relu} when the layer has its ReLU fused), ReLU {@code ActivationLayer} → {@code Relu}, max
 * {@code SubsamplingLayer} → {@code MaxPool}, element-wise add → {@code Add}. Anything else is refused, so that
 * the two sides compute the same function; a test checks they do.
 */
final class TensorFlowBackbone implements AutoCloseable {
  private final Graph graph;
  private final Session session;
  private final Placeholder<TFloat32> input;
  private final Operand<TFloat32> output;

  private TensorFlowBackbone(Graph graph, Session session, Placeholder<TFloat32> input, Operand<TFloat32> output) {
    this.graph = graph;
    this.session = session;
    this.input = input;
    this.output = output;
  }

  /** The TensorFlow twin of {@code dl4j} (one input, one output), run with {@code threads} intra-op threads. */
  static TensorFlowBackbone of(ComputationGraph dl4j, int threads) {
    Graph g = new Graph();
    Ops tf = Ops.create(g);
    ComputationGraphConfiguration conf = dl4j.getConfiguration();
    Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, -1)));
    Map<String, Operand<TFloat32>> out = new HashMap<>();
    for (int i : dl4j.topologicalSortOrder()) {
      GraphVertex v = dl4j.getVertices()[i];
      String name = v.getVertexName();
      if (v.isInputVertex()) {
        out.put(name, x);
        continue;
      }
      List<Operand<TFloat32>> in = conf.getVertexInputs().get(name).stream().map(out::get).toList();
      if (v.hasLayer()) {
        out.put(name, layer(tf, v.getLayer(), in.get(0)));
      } else if (conf.getVertices().get(name) instanceof ElementWiseVertex e && e.getOp() == ElementWiseVertex.Op.Add
          && in.size() == 2) {
        out.put(name, tf.math.add(in.get(0), in.get(1)));
      } else {
        throw new IllegalArgumentException("no TensorFlow translation for vertex " + name + " ("
            + conf.getVertices().get(name) + ")");
      }
    }
    Operand<TFloat32> y = out.get(conf.getNetworkOutputs().get(0));
    ConfigProto config = ConfigProto.newBuilder().setIntraOpParallelismThreads(threads)
        .setInterOpParallelismThreads(1).build();
    return new TensorFlowBackbone(g, new Session(g, config), x, y);
  }

  private static Operand<TFloat32> layer(Ops tf, org.deeplearning4j.nn.api.Layer layer, Operand<TFloat32> x) {
    var c = layer.conf().getLayer();
    if (c.getClass() == ConvolutionLayer.class) {
      ConvolutionLayer conv = (ConvolutionLayer) c;
      if (conv.getDilation()[0] != 1 || conv.getDilation()[1] != 1) {
        throw new IllegalArgumentException("dilated convolution " + c.getLayerName());
      }
      Operand<TFloat32> padded = conv.getConvolutionMode() == ConvolutionMode.Same ? x : pad(tf, x, conv.getPadding());
      INDArray w = layer.getParam("W"); // [out, in, kH, kW] → HWIO
      Operand<TFloat32> y = tf.nn.conv2d(padded, constant(tf, w.permute(2, 3, 1, 0)), strides(conv.getStride()),
          conv.getConvolutionMode() == ConvolutionMode.Same ? "SAME" : "VALID");
      if (conv.hasBias()) {
        y = tf.nn.biasAdd(y, constant(tf, layer.getParam("b").reshape(-1)));
      }
      return activation(tf, conv.getActivationFn(), y, c.getLayerName());
    }
    if (c instanceof FrozenBatchNorm bn) {
      Operand<TFloat32> y = tf.nn.fusedBatchNorm(x, vector(tf, layer, "gamma"), vector(tf, layer, "beta"),
          vector(tf, layer, "mean"), vector(tf, layer, "var"), FusedBatchNorm.epsilon((float) bn.eps()),
          FusedBatchNorm.isTraining(false), FusedBatchNorm.dataFormat("NHWC")).y();
      return bn.relu() ? tf.nn.relu(y) : y;
    }
    if (c instanceof ActivationLayer a) {
      return activation(tf, a.getActivationFn(), x, c.getLayerName());
    }
    if (c instanceof SubsamplingLayer p && p.getPoolingType() == PoolingType.MAX) {
      boolean same = p.getConvolutionMode() == ConvolutionMode.Same;
      if (!same && (p.getPadding()[0] != 0 || p.getPadding()[1] != 0)) {
        throw new IllegalArgumentException("max pooling with explicit padding " + c.getLayerName());
      }
      return tf.nn.maxPool(x, tf.constant(new int[] {1, p.getKernelSize()[0], p.getKernelSize()[1], 1}),
          tf.constant(new int[] {1, p.getStride()[0], p.getStride()[1], 1}), same ? "SAME" : "VALID");
    }
    throw new IllegalArgumentException("no TensorFlow translation for layer " + c.getLayerName() + " ("
        + c.getClass().getSimpleName() + ")");
  }

  private static Operand<TFloat32> activation(Ops tf, IActivation a, Operand<TFloat32> x, String layer) {
    if (a instanceof ActivationIdentity) {
      return x;
    }
    if (a instanceof ActivationReLU) {
      return tf.nn.relu(x);
    }
    throw new IllegalArgumentException("no TensorFlow translation for activation " + a + " of " + layer);
  }

  private static Operand<TFloat32> pad(Ops tf, Operand<TFloat32> x, int[] padding) {
    int[][] p = {{0, 0}, {padding[0], padding[0]}, {padding[1], padding[1]}, {0, 0}};
    return tf.pad(x, tf.constant(p), tf.constant(0f));
  }

  private static List<Long> strides(int[] s) {
    return List.of(1L, (long) s[0], (long) s[1], 1L);
  }

  private static Operand<TFloat32> vector(Ops tf, org.deeplearning4j.nn.api.Layer layer, String param) {
    return constant(tf, layer.getParam(param).reshape(-1));
  }

  private static Operand<TFloat32> constant(Ops tf, INDArray a) {
    INDArray c = a.dup('c').castTo(DataType.FLOAT);
    return tf.constant(Shape.of(c.shape()), DataBuffers.of(c.data().asFloat(), true, false));
  }

  /** The forward pass of NCHW {@code images} ([N, 3, H, W]); the result NCHW too, as DL4J's. */
  INDArray output(INDArray images) {
    try (TFloat32 in = nhwc(images); Result r = session.runner().feed(input, in).fetch(output).run()) {
      TFloat32 y = (TFloat32) r.get(0);
      long[] s = y.shape().asArray();
      FloatDataBuffer buf = DataBuffers.ofFloats(y.size());
      y.copyTo(buf);
      float[] data = new float[(int) y.size()];
      buf.read(data);
      return Nd4j.create(data, s, 'c').permute(0, 3, 1, 2).dup('c');
    }
  }

  /** {@code images} as the NHWC tensor {@link #run} feeds (made once, outside a timed loop). */
  static TFloat32 nhwc(INDArray images) {
    INDArray c = images.permute(0, 2, 3, 1).dup('c').castTo(DataType.FLOAT);
    return TFloat32.tensorOf(Shape.of(c.shape()), DataBuffers.of(c.data().asFloat(), true, false));
  }

  /** One forward pass of an NHWC input, output computed and discarded: what the benchmark times. */
  void run(TFloat32 nhwcImages) {
    try (Result r = session.runner().feed(input, nhwcImages).fetch(output).run()) {
      r.get(0);
    }
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
