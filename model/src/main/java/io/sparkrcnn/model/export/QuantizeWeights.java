package io.sparkrcnn.model.export;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * graph_transforms {@code quantize_weights} on a {@code GraphDef}: every float {@code Const} NAME of at least
 * {@code minimumSize} elements becomes {@code NAME_quantized_const} (quint8 codes in {@code tensor_content}, a byte
 * an element), {@code NAME_quantized_min} and {@code NAME_quantized_max} (float scalars) and a {@code Dequantize} named
 * NAME ({@code T} quint8, {@code mode} MIN_FIRST) reading the three, in the Const's place; so every reader of NAME
 * gets floats again. The Const's control inputs move to the {@code Dequantize} and its device to all four nodes;
 * every other node, the function library and the versions stay as they were. The range and rounding are
 * {@link Quint8Range}'s; {@link #roundTrip} gives the floats TensorFlow's {@code Dequantize} computes.
 */
public final class QuantizeWeights {
  /** The transform's default {@code minimum_size}. */
  public static final int DEFAULT_MINIMUM_SIZE = 1024;

  private QuantizeWeights() {}

  /** {@link #apply(GraphDef, int)} with the default minimum size, 1024 elements. */
  public static GraphDef apply(GraphDef graph) {
    return apply(graph, DEFAULT_MINIMUM_SIZE);
  }

  /** {@code graph} with each float {@code Const} of {@code >= minimumSize} elements stored as 8 bits. */
  public static GraphDef apply(GraphDef graph, int minimumSize) {
    checkMinimumSize(minimumSize);
    Set<String> names = new HashSet<>();
    graph.getNodeList().forEach(n -> names.add(n.getName()));
    GraphDef.Builder out = graph.toBuilder().clearNode();
    for (NodeDef node : graph.getNodeList()) {
      if (!node.getOp().equals("Const") || !node.containsAttr("dtype")
          || node.getAttrOrThrow("dtype").getType() != DataType.DT_FLOAT) {
        out.addNode(node);
        continue;
      }
      if (!node.containsAttr("value")) {
        throw new IllegalArgumentException("Const '" + node.getName() + "' has no 'value' attribute");
      }
      TensorProto value = node.getAttrOrThrow("value").getTensor();
      long elements = elements(value.getTensorShape(), node.getName());
      if (!quantizes(elements, minimumSize)) {
        out.addNode(node);
        continue;
      }
      for (String suffix : List.of("_quantized_const", "_quantized_min", "_quantized_max")) {
        if (names.contains(node.getName() + suffix)) {
          throw new IllegalArgumentException("cannot quantize Const '" + node.getName() + "': the graph already has a"
              + " node named '" + node.getName() + suffix + "'");
        }
      }
      addQuantized(out, node, floats(value, (int) elements, node.getName()));
    }
    return out.build();
  }

  /** The floats TensorFlow's {@code Dequantize} gives for {@code values} stored by this transform as one tensor. */
  public static float[] roundTrip(float[] values) {
    Quint8Range range = Quint8Range.of(values, "the values");
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = range.dequantize(range.quantize(values[i]));
    }
    return out;
  }

  /** Whether a float constant of {@code elements} elements is quantized with {@code minimumSize} (at least 1). */
  public static boolean quantizes(long elements, int minimumSize) {
    checkMinimumSize(minimumSize);
    return elements >= minimumSize;
  }

  private static void checkMinimumSize(int minimumSize) {
    if (minimumSize < 1) {
      throw new IllegalArgumentException("the minimum size of a quantized constant must be at least 1, is "
          + minimumSize);
    }
  }

  private static void addQuantized(GraphDef.Builder out, NodeDef node, float[] values) {
    String name = node.getName();
    Quint8Range range = Quint8Range.of(values, "Const '" + name + "'");
    byte[] codes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      codes[i] = (byte) range.quantize(values[i]);
    }
    TensorProto quantized = TensorProto.newBuilder().setDtype(DataType.DT_QUINT8)
        .setTensorShape(node.getAttrOrThrow("value").getTensor().getTensorShape())
        .setTensorContent(ByteString.copyFrom(codes)).build();
    out.addNode(constant(name + "_quantized_const", node.getDevice(), DataType.DT_QUINT8, quantized));
    out.addNode(constant(name + "_quantized_min", node.getDevice(), DataType.DT_FLOAT, scalar(range.min())));
    out.addNode(constant(name + "_quantized_max", node.getDevice(), DataType.DT_FLOAT, scalar(range.max())));
    NodeDef.Builder dequantize = NodeDef.newBuilder().setOp("Dequantize").setName(name).setDevice(node.getDevice())
        .addInput(name + "_quantized_const").addInput(name + "_quantized_min").addInput(name + "_quantized_max")
        .putAttr("T", Attrs.type(DataType.DT_QUINT8)).putAttr("mode", Attrs.string("MIN_FIRST"));
    node.getInputList().stream().filter(i -> i.startsWith("^")).forEach(dequantize::addInput);
    out.addNode(dequantize);
  }

  private static NodeDef constant(String name, String device, DataType dtype, TensorProto value) {
    return NodeDef.newBuilder().setOp("Const").setName(name).setDevice(device).putAttr("dtype", Attrs.type(dtype))
        .putAttr("value", AttrValue.newBuilder().setTensor(value).build()).build();
  }

  private static TensorProto scalar(float value) {
    byte[] bytes = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(0, value).array();
    return TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(TensorShapeProto.getDefaultInstance())
        .setTensorContent(ByteString.copyFrom(bytes)).build();
  }

  private static long elements(TensorShapeProto shape, String name) {
    if (shape.getUnknownRank()) {
      throw new IllegalArgumentException("Const '" + name + "' has a value of unknown rank");
    }
    long n = 1;
    for (TensorShapeProto.Dim d : shape.getDimList()) {
      if (d.getSize() < 0) {
        throw new IllegalArgumentException("Const '" + name + "' has a value of unknown size " + shape.getDimList());
      }
      n = Math.multiplyExact(n, d.getSize());
    }
    if (n > Integer.MAX_VALUE / 4) {
      throw new IllegalArgumentException("Const '" + name + "' has " + n + " elements, more than a GraphDef holds");
    }
    return n;
  }

  /** The {@code n} floats of {@code t}: its content, or its {@code float_val} with the last one repeated. */
  private static float[] floats(TensorProto t, int n, String name) {
    float[] values = new float[n];
    if (!t.getTensorContent().isEmpty()) {
      if (t.getTensorContent().size() != 4L * n) {
        throw new IllegalArgumentException("Const '" + name + "' has " + t.getTensorContent().size()
            + " bytes of content for " + n + " floats");
      }
      t.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
      return values;
    }
    int given = t.getFloatValCount();
    if (given > n) {
      throw new IllegalArgumentException("Const '" + name + "' has " + given + " float_val for " + n + " elements");
    }
    for (int i = 0; i < n && given > 0; i++) {
      values[i] = t.getFloatVal(Math.min(i, given - 1));
    }
    return values;
  }
}
