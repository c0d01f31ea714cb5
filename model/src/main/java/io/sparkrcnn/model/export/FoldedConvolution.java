package io.sparkrcnn.model.export;

import io.sparkrcnn.model.backbone.FrozenBatchNorm;
import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A DL4J convolution with the batch norm after it folded in, as graph_transforms' {@code fold_batch_norms} does: with
 * the norm as {@code x·s + t} per output channel ({@link ChannelAffine}), the kernel becomes {@code W·s} and the bias
 * {@code b·s + t} ({@code b = 0} without a bias). The kernel is in TensorFlow's layout {@code [kh, kw, in, out]}
 * (DL4J's is {@code [out, in, kh, kw]}); the arithmetic is done in float64, then rounded once to float32 for both
 * runtimes: TensorFlow's constants ({@link ConvolutionNodes}) and DL4J's folded layer ({@link #dl4jLayer},
 * {@link #dl4jWeights}, {@link #dl4jBias}, used by {@link InferenceGraph}) hold the same values.
 */
public record FoldedConvolution(INDArray kernel, INDArray bias, int[] stride, int[] dilation, ConvolutionMode mode,
    int[] padding, boolean relu) {

  /**
   * {@code conv} with its parameters ({@code W}, and {@code b} when it has a bias) and the batch norm {@code norm}
   * after it: our {@link FrozenBatchNorm} (its ReLU fused) or DL4J's {@link BatchNormalization} (no ReLU).
   */
  public static FoldedConvolution of(ConvolutionLayer conv, Map<String, INDArray> convParams, Layer norm,
      Map<String, INDArray> normParams) {
    if (norm instanceof FrozenBatchNorm f) {
      return of(conv, convParams, ChannelAffine.of(f, normParams), f.relu());
    }
    if (norm instanceof BatchNormalization b) {
      return of(conv, convParams, ChannelAffine.of(b, normParams), false);
    }
    throw new IllegalArgumentException("layer '" + norm.getLayerName() + "' after convolution '" + conv.getLayerName()
        + "' is " + norm.getClass().getSimpleName() + ", not a batch norm");
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

  /** The kernel in DL4J's layout {@code [out, in, kh, kw]}, float32: the values of TensorFlow's constant. */
  public INDArray dl4jWeights() {
    return kernel.permute(3, 2, 0, 1).castTo(DataType.FLOAT).dup('c');
  }

  /** The bias as DL4J's {@code [1, out]} float32 row: the values of TensorFlow's constant. */
  public INDArray dl4jBias() {
    return bias.castTo(DataType.FLOAT).reshape(1, bias.length());
  }

  /**
   * A copy of {@code conv} (the folded convolution's original) that computes this folded convolution with
   * {@link #dl4jWeights()} and {@link #dl4jBias()}: with a bias, and a ReLU activation when {@link #relu()}.
   */
  public ConvolutionLayer dl4jLayer(ConvolutionLayer conv) {
    ConvolutionLayer folded = conv.clone();
    folded.setHasBias(true);
    folded.setActivationFn(relu ? new ActivationReLU() : new ActivationIdentity());
    return folded;
  }
}
