package io.sparkrcnn.model.export;

import io.sparkrcnn.model.backbone.FrozenBatchNorm;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A batch norm at inference as a per-channel {@code y = x·scale + shift} (float64 vectors), with
 * {@code scale = gamma / sqrt(var + ε)} and {@code shift = beta − mean·scale}: from our {@link FrozenBatchNorm} or
 * from DL4J's trainable {@link BatchNormalization} (its running statistics; {@code var = (10^log10stdev)²} when it
 * stores the log of the standard deviation, and its fixed gamma and beta when they are locked).
 */
public record ChannelAffine(INDArray scale, INDArray shift) {

  /** The identity on {@code channels} channels. */
  public static ChannelAffine identity(long channels) {
    return new ChannelAffine(Nd4j.ones(DataType.DOUBLE, channels), Nd4j.zeros(DataType.DOUBLE, channels));
  }

  public static ChannelAffine of(FrozenBatchNorm norm, Map<String, INDArray> params) {
    long n = norm.channels();
    return of(vector(params, "gamma", n), vector(params, "beta", n), vector(params, "mean", n),
        vector(params, "var", n), norm.eps());
  }

  public static ChannelAffine of(BatchNormalization norm, Map<String, INDArray> params) {
    long n = norm.getNOut();
    INDArray var;
    if (norm.isUseLogStd()) {
      INDArray std = Transforms.pow(Nd4j.valueArrayOf(new long[] {n}, 10.0, DataType.DOUBLE),
          vector(params, "log10stdev", n), false);
      var = std.mul(std);
    } else {
      var = vector(params, "var", n);
    }
    INDArray gamma = norm.isLockGammaBeta() ? Nd4j.valueArrayOf(new long[] {n}, norm.getGamma(), DataType.DOUBLE)
        : vector(params, "gamma", n);
    INDArray beta = norm.isLockGammaBeta() ? Nd4j.valueArrayOf(new long[] {n}, norm.getBeta(), DataType.DOUBLE)
        : vector(params, "beta", n);
    return of(gamma, beta, vector(params, "mean", n), var, norm.getEps());
  }

  private static ChannelAffine of(INDArray gamma, INDArray beta, INDArray mean, INDArray var, double eps) {
    INDArray scale = gamma.div(Transforms.sqrt(var.add(eps), false));
    return new ChannelAffine(scale, beta.sub(mean.mul(scale)));
  }

  /** The number of channels. */
  public long channels() {
    return scale.length();
  }

  private static INDArray vector(Map<String, INDArray> params, String key, long n) {
    INDArray v = params.get(key);
    if (v == null || v.length() != n) {
      throw new IllegalArgumentException("batch norm parameter '" + key + "' is missing or not of " + n + " values");
    }
    return v.castTo(DataType.DOUBLE).reshape(n);
  }
}
