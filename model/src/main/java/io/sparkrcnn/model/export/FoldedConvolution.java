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
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A DL4J convolution with the {@link FrozenBatchNorm} after it folded in, as graph_transforms'
 * {@code fold_batch_norms} does: with {@code s = gamma / sqrt(var + ε)} per output channel, the kernel becomes
 * {@code W·s} and the bias {@code (b − mean)·s + beta} ({@code b = 0} without a bias). The kernel is in TensorFlow's
 * layout {@code [kh, kw, in, out]} (DL4J's is {@code [out, in, kh, kw]}); the arithmetic is done in float64.
 */
public record FoldedConvolution(INDArray kernel, INDArray bias, int[] stride, int[] dilation, ConvolutionMode mode,
    int[] padding, boolean relu) {

  /** {@code conv} with its parameters ({@code W}, and {@code b} when it has a bias) and the batch norm after it. */
  public static FoldedConvolution of(ConvolutionLayer conv, Map<String, INDArray> convParams, FrozenBatchNorm norm,
      Map<String, INDArray> normParams) {
    if (!(conv.getActivationFn() instanceof ActivationIdentity)) {
      throw new IllegalArgumentException("convolution '" + conv.getLayerName() + "' has activation "
          + conv.getActivationFn() + " before its batch norm, which cannot be folded");
    }
    if (conv.getCnn2dDataFormat() != CNN2DFormat.NCHW) {
      throw new IllegalArgumentException("convolution '" + conv.getLayerName() + "' is not NCHW");
    }
    INDArray w = convParams.get("W").castTo(DataType.DOUBLE);
    long out = w.size(0);
    INDArray b = conv.hasBias() ? convParams.get("b").castTo(DataType.DOUBLE).reshape(out)
        : Nd4j.zeros(DataType.DOUBLE, out);
    INDArray scale = vector(normParams, "gamma", out)
        .div(Transforms.sqrt(vector(normParams, "var", out).add(norm.eps()), false));
    INDArray folded = w.dup('c');
    for (long o = 0; o < out; o++) {
      folded.slice(o).muli(scale.getDouble(o));
    }
    INDArray bias = b.sub(vector(normParams, "mean", out)).muli(scale).addi(vector(normParams, "beta", out));
    return new FoldedConvolution(folded.permute(2, 3, 1, 0).dup('c'), bias, conv.getStride(), conv.getDilation(),
        conv.getConvolutionMode(), conv.getPadding(), norm.relu());
  }

  private static INDArray vector(Map<String, INDArray> params, String key, long n) {
    INDArray v = params.get(key);
    if (v == null || v.length() != n) {
      throw new IllegalArgumentException("batch norm parameter '" + key + "' is missing or not of " + n + " values");
    }
    return v.castTo(DataType.DOUBLE).reshape(n);
  }
}
