package io.sparkrcnn.model.export;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.tensorflow.proto.DataType;

/**
 * A DL4J {@link SubsamplingLayer} as a TensorFlow NHWC {@code MaxPool} or {@code AvgPool} node. DL4J's {@code Same}
 * mode pads as TensorFlow's {@code SAME} (max-pooling ignores the padding in both; average-pooling only when DL4J
 * leaves the padding out of the divisor, as TensorFlow does); {@code Truncate} or {@code Strict} without padding is
 * {@code VALID}. Explicit padding, dilation and p-norm pooling have no TensorFlow pooling op and are refused.
 */
public final class PoolingNodes {
  private PoolingNodes() {}

  /** Writes {@code pool} named {@code name} on {@code input}; returns the name of its output node. */
  public static String write(GraphDefBuilder g, String name, String input, SubsamplingLayer pool) {
    String op = switch (pool.getPoolingType()) {
      case MAX -> "MaxPool";
      case AVG -> "AvgPool";
      default -> throw refused(name, "pooling type " + pool.getPoolingType());
    };
    if (pool.getCnn2dDataFormat() != CNN2DFormat.NCHW) {
      throw refused(name, "data format " + pool.getCnn2dDataFormat());
    }
    int[] d = pool.getDilation();
    if (d != null && (d[0] != 1 || d[1] != 1)) {
      throw refused(name, "dilation " + d[0] + "x" + d[1]);
    }
    ConvolutionMode mode = pool.getConvolutionMode();
    int[] p = pool.getPadding();
    String padding;
    if (mode == ConvolutionMode.Same) {
      if (pool.getPoolingType() == PoolingType.AVG && pool.isAvgPoolIncludePadInDivisor()) {
        throw refused(name, "average pooling counting its padding in the divisor");
      }
      padding = "SAME";
    } else if ((mode == ConvolutionMode.Truncate || mode == ConvolutionMode.Strict) && p[0] == 0 && p[1] == 0) {
      padding = "VALID";
    } else {
      throw refused(name, "mode " + mode + " with padding " + p[0] + "x" + p[1]);
    }
    int[] k = pool.getKernelSize();
    int[] s = pool.getStride();
    return g.node(op, name + "/" + op, List.of(input), Map.of("T", Attrs.type(DataType.DT_FLOAT),
        "data_format", Attrs.string("NHWC"), "ksize", Attrs.ints(1, k[0], k[1], 1),
        "strides", Attrs.ints(1, s[0], s[1], 1), "padding", Attrs.string(padding)));
  }

  private static IllegalArgumentException refused(String name, String what) {
    return new IllegalArgumentException("pooling layer '" + name + "' has " + what + ", which TensorFlow's pooling"
        + " ops do not translate");
  }
}
