package io.sparkrcnn.model.export;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;

/**
 * A {@link FoldedConvolution} as TensorFlow NHWC nodes: {@code NAME/weights} and {@code NAME/biases} constants,
 * {@code NAME/Conv2D}, {@code NAME/BiasAdd} and, with a ReLU, {@code NAME/Relu}. DL4J's {@code Same} mode is
 * TensorFlow's {@code SAME} (the extra row or column of padding at the bottom and right); {@code Truncate} or
 * {@code Strict} with zero padding is {@code VALID}, with padding {@code EXPLICIT} on both sides.
 */
public final class ConvolutionNodes {
  private static final AttrValue FLOAT = Attrs.type(DataType.DT_FLOAT);
  private static final AttrValue NHWC = Attrs.string("NHWC");

  private ConvolutionNodes() {}

  /** Writes {@code conv} on {@code input} (a float NHWC tensor); returns the name of its output node. */
  public static String write(GraphDefBuilder g, String name, String input, FoldedConvolution conv) {
    String weights = g.constant(name + "/weights", conv.kernel());
    String biases = g.constant(name + "/biases", conv.bias());
    String out = g.node("Conv2D", name + "/Conv2D", List.of(input, weights), convAttrs(name, conv));
    out = g.node("BiasAdd", name + "/BiasAdd", List.of(out, biases), Map.of("T", FLOAT, "data_format", NHWC));
    if (conv.relu()) {
      out = g.node("Relu", name + "/Relu", List.of(out), Map.of("T", FLOAT));
    }
    return out;
  }

  private static Map<String, AttrValue> convAttrs(String name, FoldedConvolution conv) {
    int[] s = conv.stride();
    int[] d = conv.dilation();
    int[] p = conv.padding();
    Map<String, AttrValue> attrs = new HashMap<>(Map.of("T", FLOAT, "data_format", NHWC,
        "strides", Attrs.ints(1, s[0], s[1], 1), "dilations", Attrs.ints(1, d[0], d[1], 1)));
    ConvolutionMode mode = conv.mode();
    if (mode == ConvolutionMode.Same) {
      attrs.put("padding", Attrs.string("SAME"));
    } else if (mode == ConvolutionMode.Truncate || mode == ConvolutionMode.Strict) {
      boolean none = p[0] == 0 && p[1] == 0;
      attrs.put("padding", Attrs.string(none ? "VALID" : "EXPLICIT"));
      if (!none) {
        attrs.put("explicit_paddings", Attrs.ints(0, 0, p[0], p[0], p[1], p[1], 0, 0));
      }
    } else {
      throw new IllegalArgumentException("convolution '" + name + "' has mode " + mode + ", which has no TensorFlow"
          + " padding");
    }
    return attrs;
  }
}
