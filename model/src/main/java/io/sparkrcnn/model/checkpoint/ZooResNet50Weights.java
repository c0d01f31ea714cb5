package io.sparkrcnn.model.checkpoint;

import io.sparkrcnn.model.backbone.FrozenBatchNorm;
import io.sparkrcnn.model.trainable.ParameterScopes;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Starts our {@code resnet_v1_50} feature extractor from the DL4J zoo's ImageNet ResNet-50
 * ({@code org.deeplearning4j.zoo.model.ResNet50}, {@code resnet50_dl4j_inference.v3.zip}, a ComputationGraph model
 * zip), as the reference's {@code fine_tune_checkpoint_type: "classification"}.
 *
 * <p>The zoo graph is read by structure ({@link ResNet50Structure}), not by layer name (the zoo's code names layers
 * {@code stem-cnn1}, {@code res2a_branch2a}, {@code bn2a_branch2a}, …; a Keras import names them {@code conv1},
 * {@code bn_conv1}, …): a stem, then bottleneck units grouped into blocks of 3, 4, 6 and 3
 * units make a ResNet-50. The stem and blocks 1–3 map onto ours ({@code conv1} ← stem, {@code blockB/unit_U/conv1,
 * conv2, conv3} ← the branch's {@code 2a, 2b, 2c}, {@code shortcut} ← {@code branch1}); block 4 ({@code res5*}) and
 * the classifier are not used; the RPN and the box head keep their fresh initialisation.
 *
 * <p>Conversions, each checked numerically by the tests against the zoo graph's own forward pass: convolution
 * weights are DL4J's {@code [out, in, kH, kW]} on both sides and copy as they are, except that the stem's input
 * channels are reversed, since the zoo's weights (Caffe's, through Keras) expect BGR images and ours are RGB (both
 * subtract the ImageNet means, unscaled); the zoo's convolutions have biases and ours do not, so a bias {@code b}
 * folds into the following batch norm's mean ({@code mean − b}); the zoo's batch norm epsilon (read from its
 * configuration) folds into the variance ({@code var + eps_zoo − eps_ours}), and a {@code log10stdev}
 * parameterisation becomes a variance, so that our batch norm divides by the same {@code sqrt(var + eps)}.
 */
public final class ZooResNet50Weights {
  /** Units per block of a ResNet-50. */
  static final int[] UNITS = {3, 4, 6, 3};
  /** Our ResNet-50's scope. */
  static final String SCOPE = "resnet_v1_50/";

  private ZooResNet50Weights() {}

  /** Whether a graph has the structure of a ResNet-50. */
  public static boolean isResNet50(ComputationGraph graph) {
    try {
      ResNet50Structure.of(graph);
      return true;
    } catch (ResNet50Structure.NotResNet50 e) {
      return false;
    }
  }

  /**
   * Copies the zoo ResNet-50's stem and blocks 1–3 into {@code target}'s {@code resnet_v1_50} feature extractor,
   * except the parameters in {@code exclude}; {@code source} names the zoo file in errors.
   *
   * @throws UnusableCheckpointException when {@code zoo} is not a ResNet-50 or {@code target} has no ResNet-50
   *     feature extractor
   */
  public static FineTuning.Restored restore(ComputationGraph target, ComputationGraph zoo, ParameterScopes exclude,
      String source) {
    if (!target.paramTable().containsKey(SCOPE + "block3/unit_6/conv3_W")
        || target.paramTable().containsKey(SCOPE + "block3/unit_7/conv3_W")) {
      throw new UnusableCheckpointException("fine_tune_checkpoint " + source + " is a ResNet-50 classification"
          + " model; it can start only feature_extractor type faster_rcnn_resnet50");
    }
    ResNet50Structure s;
    try {
      s = ResNet50Structure.of(zoo);
    } catch (ResNet50Structure.NotResNet50 e) {
      throw new UnusableCheckpointException("fine_tune_checkpoint " + source + " is neither a DL4J zoo ResNet-50"
          + " (resnet50_dl4j_inference.v3.zip) nor a SparkRCNN model.ckpt-N: " + e.getMessage());
    }
    Map<String, INDArray> to = target.paramTable();
    Map<String, INDArray> written = new HashMap<>();
    copy(zoo, s.stem(), target, SCOPE + "conv1", true, exclude, written, source);
    for (int b = 0; b < 3; b++) {
      for (int u = 0; u < UNITS[b]; u++) {
        ResNet50Structure.Unit unit = s.blocks().get(b).get(u);
        String p = SCOPE + "block" + (b + 1) + "/unit_" + (u + 1);
        for (int i = 0; i < 3; i++) {
          copy(zoo, unit.residual().get(i), target, p + "/conv" + (i + 1), false, exclude, written, source);
        }
        if (unit.shortcut() != null) {
          copy(zoo, unit.shortcut(), target, p + "/shortcut", false, exclude, written, source);
        }
      }
    }
    int excluded = (int) to.keySet().stream().filter(exclude::contains).count();
    return new FineTuning.Restored(written.size(), excluded, to.size() - written.size() - excluded);
  }

  /** One convolution + batch norm pair from the zoo into our {@code conv} and {@code conv/bn}. */
  private static void copy(ComputationGraph zoo, ResNet50Structure.ConvBn from, ComputationGraph target, String conv,
      boolean bgrInput, ParameterScopes exclude, Map<String, INDArray> written, String source) {
    Map<String, INDArray> to = target.paramTable();
    Map<String, INDArray> z = zoo.paramTable();
    INDArray zw = z.get(from.conv() + "_W");
    INDArray tw = to.get(conv + "_W");
    if (tw == null || !Arrays.equals(zw.shape(), tw.shape())) {
      throw new UnusableCheckpointException("fine_tune_checkpoint " + source + ": " + from.conv() + " has weights "
          + Arrays.toString(zw.shape()) + ", our " + conv + " " + (tw == null ? "does not exist" : Arrays.toString(
              tw.shape())));
    }
    if (!exclude.contains(conv + "_W")) {
      if (bgrInput) {
        long c = zw.size(1);
        for (long i = 0; i < c; i++) {
          inputChannel(tw, i).assign(inputChannel(zw, c - 1 - i));
        }
      } else {
        tw.assign(zw);
      }
      written.put(conv + "_W", tw);
    }
    long channels = zw.size(0);
    INDArray zb = z.get(from.conv() + "_b");
    double[] bias = zb != null ? zb.toDoubleVector() : new double[(int) channels];

    BatchNormalization zbn = (BatchNormalization) ResNet50Structure.layer(zoo.getConfiguration(), from.bn());
    boolean locked = zbn.isLockGammaBeta();
    double[] gamma = locked ? filled(channels, zbn.getGamma()) : z.get(from.bn() + "_gamma").toDoubleVector();
    double[] beta = locked ? filled(channels, zbn.getBeta()) : z.get(from.bn() + "_beta").toDoubleVector();
    double[] mean = z.get(from.bn() + "_mean").toDoubleVector();
    double[] denomSq = new double[(int) channels]; // var + eps: what the zoo's batch norm divides by, squared
    INDArray var = z.get(from.bn() + "_var");
    double[] v = var != null ? var.toDoubleVector() : z.get(from.bn() + "_log10stdev").toDoubleVector();
    for (int i = 0; i < channels; i++) {
      double variance = var != null ? v[i] : Math.pow(10, 2 * v[i]);
      denomSq[i] = variance + zbn.getEps();
      mean[i] -= bias[i];
    }

    String bn = conv + "/bn";
    Layer ours = ResNet50Structure.layer(target.getConfiguration(), bn);
    double eps;
    boolean logStd = false;
    if (ours instanceof FrozenBatchNorm f) {
      eps = f.eps();
    } else if (ours instanceof BatchNormalization d) {
      eps = d.getEps();
      logStd = d.isUseLogStd();
    } else {
      throw new IllegalStateException(bn + " is a " + ours.getClass().getSimpleName() + ", not a batch norm");
    }
    double[] targetVar = new double[(int) channels];
    for (int i = 0; i < channels; i++) {
      double t = Math.max(denomSq[i] - eps, 0);
      targetVar[i] = logStd ? 0.5 * Math.log10(Math.max(t, Double.MIN_NORMAL)) : t;
    }
    put(to, bn + "_gamma", gamma, exclude, written);
    put(to, bn + "_beta", beta, exclude, written);
    put(to, bn + "_mean", mean, exclude, written);
    put(to, bn + (logStd ? "_log10stdev" : "_var"), targetVar, exclude, written);
  }

  private static void put(Map<String, INDArray> to, String name, double[] values, ParameterScopes exclude,
      Map<String, INDArray> written) {
    INDArray t = to.get(name);
    if (t == null || t.length() != values.length) {
      throw new IllegalStateException(name + ": expected " + values.length + " values");
    }
    if (!exclude.contains(name)) {
      t.assign(Nd4j.createFromArray(values).castTo(t.dataType()).reshape(t.shape()));
      written.put(name, t);
    }
  }

  /** The weights {@code [out, in, kH, kW]} reading one input channel. */
  private static INDArray inputChannel(INDArray w, long channel) {
    return w.get(NDArrayIndex.all(), NDArrayIndex.point(channel), NDArrayIndex.all(), NDArrayIndex.all());
  }

  private static double[] filled(long n, double value) {
    double[] a = new double[(int) n];
    Arrays.fill(a, value);
    return a;
  }

}
