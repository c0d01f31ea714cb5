package io.sparkrcnn.model.export;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;

/**
 * Element-wise TensorFlow nodes for DL4J's activations ({@code Relu}; the identity writes nothing) and
 * {@link ElementWiseVertex}'s sum ({@code AddV2}, or {@code AddN} of more than two inputs).
 */
public final class PointwiseNodes {
  private static final AttrValue FLOAT = Attrs.type(DataType.DT_FLOAT);

  private PointwiseNodes() {}

  /** {@code activation} of {@code input} as node {@code name}; the identity returns {@code input} itself. */
  public static String activation(GraphDefBuilder g, String name, String input, IActivation activation) {
    if (activation instanceof ActivationIdentity) {
      return input;
    }
    if (new ActivationReLU().equals(activation)) {
      return g.node("Relu", name, List.of(input), Map.of("T", FLOAT));
    }
    throw new IllegalArgumentException("vertex '" + name + "' has activation " + activation
        + ", which is not translated to TensorFlow (only ReLU and the identity are)");
  }

  /** The element-wise {@code op} of {@code inputs} as node {@code name}; only {@code Add} is translated. */
  public static String elementWise(GraphDefBuilder g, String name, List<String> inputs, ElementWiseVertex.Op op) {
    if (op != ElementWiseVertex.Op.Add) {
      throw new IllegalArgumentException("element-wise vertex '" + name + "' has op " + op
          + ", which is not translated to TensorFlow (only Add is)");
    }
    if (inputs.size() == 2) {
      return g.node("AddV2", name, inputs, Map.of("T", FLOAT));
    }
    return g.node("AddN", name, inputs, Map.of("T", FLOAT, "N", AttrValue.newBuilder().setI(inputs.size()).build()));
  }
}
