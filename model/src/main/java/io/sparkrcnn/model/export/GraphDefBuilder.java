package io.sparkrcnn.model.export;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * A TensorFlow {@code GraphDef} written node by node: placeholders, constants from ND4J arrays already in
 * TensorFlow's layout, and ops with their attributes. Node names are unique (TensorFlow refuses duplicates on import);
 * each method returns the name, which is the node's first output as an input of later nodes.
 */
public final class GraphDefBuilder {
  private final GraphDef.Builder graph = GraphDef.newBuilder();
  private final Set<String> names = new HashSet<>();

  /** A {@code Placeholder} of {@code dtype}; {@code -1} in {@code shape} is a dimension of any size. */
  public String placeholder(String name, DataType dtype, long... shape) {
    return node("Placeholder", name, List.of(), Map.of("dtype", Attrs.type(dtype), "shape",
        AttrValue.newBuilder().setShape(shape(shape)).build()));
  }

  /** A float32 {@code Const} holding {@code value} as it is laid out (row-major, its shape as TensorFlow's). */
  public String constant(String name, INDArray value) {
    return node("Const", name, List.of(), Map.of("dtype", Attrs.type(DataType.DT_FLOAT), "value",
        AttrValue.newBuilder().setTensor(Tensors.float32(value)).build()));
  }

  /** An op {@code op} named {@code name} on {@code inputs} ({@code "node"} or {@code "node:k"}) with {@code attrs}. */
  public String node(String op, String name, List<String> inputs, Map<String, AttrValue> attrs) {
    if (name.isEmpty() || names.contains(name)) {
      throw new IllegalArgumentException("node name '" + name + "' is empty or already used");
    }
    for (String input : inputs) {
      String source = input.startsWith("^") ? input.substring(1) : input.replaceFirst(":\\d+$", "");
      if (!names.contains(source)) {
        throw new IllegalArgumentException("node '" + name + "' reads '" + input + "', which is not in the graph");
      }
    }
    names.add(name);
    graph.addNode(NodeDef.newBuilder().setOp(op).setName(name).addAllInput(inputs).putAllAttr(attrs));
    return name;
  }

  /**
   * Adds {@code input} to node {@code node}'s inputs: the back edge of a loop, a {@code Merge} reading the
   * {@code NextIteration} that is written after it.
   */
  public void appendInput(String node, String input) {
    for (NodeDef.Builder n : graph.getNodeBuilderList()) {
      if (n.getName().equals(node)) {
        n.addInput(input);
        return;
      }
    }
    throw new IllegalArgumentException("no node '" + node + "' to add input '" + input + "' to");
  }

  /** A {@code Const} of any type: {@code value} as its tensor. */
  public String constant(String name, TensorProto value, List<String> controlInputs) {
    return node("Const", name, controlInputs, Map.of("dtype", Attrs.type(value.getDtype()), "value",
        AttrValue.newBuilder().setTensor(value).build()));
  }

  /** Whether a node is named {@code name}. */
  public boolean contains(String name) {
    return names.contains(name);
  }

  public GraphDef build() {
    return graph.build();
  }

  static TensorShapeProto shape(long... dims) {
    TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
    for (long d : dims) {
      s.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
    }
    return s.build();
  }
}
