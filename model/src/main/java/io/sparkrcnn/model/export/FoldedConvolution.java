package io.sparkrcnn.model.export;

import io.sparkrcnn.model.backbone.FrozenBatchNorm;
import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A DL4J convolution with the batch norm after it folded in, as graph_transforms' {@code fold_batch_norms} does: with
 * the norm as {@code x·s + t} per output channel ({@link ChannelAffine}), the kernel becomes {@code W·s} and the bias
 * {@code b·s + t} ({@code b = 0} without a bias). The kernel is in TensorFlow's layout {@code [kh, kw, in, out]}
 * (DL4J's is {@code [out, in, kh, kw]}); the arithmetic is done in float64.
 */
public record FoldedConvolution(INDArray kernel, INDArray bias, int[] stride, int[] dilation, ConvolutionMode mode,
    int[] padding, boolean relu) {

  /** {@code conv} with its parameters ({@code W}, and {@code b} when it has a bias) and the batch norm after it. */
  public static FoldedConvolution of(ConvolutionLayer conv, Map<String, INDArray> convParams, FrozenBatchNorm norm,
      Map<String, INDArray> normParams) {
    return of(conv, convParams, ChannelAffine.of(norm, normParams), norm.relu());
  }

  /** {@code conv} (identity activation) followed by {@code norm}, then a ReLU when {@code relu}. */
  public static FoldedConvolution of(ConvolutionLayer conv, Map<String, INDArray> convParams, ChannelAffine norm,
      boolean relu) {
    if (!(conv.getActivationFn() instanceof ActivationIdentity)) {
      throw new IllegalArgumentException("convolution '" + conv.getLayerName() + "' has activation "
          + conv.getActivationFn() + " before its batch norm, which cannot be folded");
    }
    if (conv.getCnn2dDataFormat() != CNN2DFormat.NCHW) {
      throw new IllegalArgumentException("convolution '" + conv.getLayerName() + "' is not NCHW");
    }
    INDArray w = convParams.get("W").castTo(DataType.DOUBLE);
    long out = w.size(0);
    if (norm.channels() != out) {
      throw new IllegalArgumentException("convolution '" + conv.getLayerName() + "' has " + out
          + " channels, its batch norm " + norm.channels());
    }
    INDArray b = conv.hasBias() ? convParams.get("b").castTo(DataType.DOUBLE).reshape(out)
        : Nd4j.zeros(DataType.DOUBLE, out);
    INDArray folded = w.dup('c');
    for (long o = 0; o < out; o++) {
      folded.slice(o).muli(norm.scale().getDouble(o));
    }
    INDArray bias = b.mul(norm.scale()).addi(norm.shift());
    return new FoldedConvolution(folded.permute(2, 3, 1, 0).dup('c'), bias, conv.getStride(), conv.getDilation(),
        conv.getConvolutionMode(), conv.getPadding(), relu);
  }
}
