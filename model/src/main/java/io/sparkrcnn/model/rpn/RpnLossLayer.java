package io.sparkrcnn.model.rpn;

import io.sparkrcnn.model.box.FasterRcnnBoxCoder;
import io.sparkrcnn.model.layers.DetectionLossLayer;
import io.sparkrcnn.model.layers.SmoothL1;
import io.sparkrcnn.model.target.ArgMaxMatcher;
import io.sparkrcnn.model.target.BalancedSampler;
import io.sparkrcnn.model.target.GroundTruthBoxes;
import io.sparkrcnn.model.target.IouMatrix;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The first-stage loss (see {@link RpnLoss}); at inference it passes its input through. */
public class RpnLossLayer extends DetectionLossLayer<RpnLoss> {
  private static final FasterRcnnBoxCoder CODER = FasterRcnnBoxCoder.withDefaultScales();

  public RpnLossLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  protected INDArray output(INDArray input, boolean training) {
    return input.dup();
  }

  @Override
  protected LossAndGradient loss(INDArray input, INDArray labels, boolean withGradient) {
    RpnLoss c = layerConf();
    int n = (int) input.size(0);
    int channels = (int) input.size(1);
    int h = (int) input.size(2);
    int w = (int) input.size(3);
    int perCell = c.anchors().anchorsPerLocation();
    double[] in = input.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    double[] grad = withGradient ? new double[in.length] : null;
    double[] perImage = new double[n];
    double objectnessSum = 0;
    double localizationSum = 0;
    AnchorSet anchors = AnchorSetCache.get(c.anchors(), h, w, true);
    ArgMaxMatcher matcher = new ArgMaxMatcher(c.positiveIou(), c.negativeIou(), true);
    BalancedSampler sampler = new BalancedSampler(c.minibatchSize(), c.positiveFraction());
    for (int i = 0; i < n; i++) {
      GroundTruthBoxes gt = GroundTruthBoxes.of(labels, i);
      int[] matches = matcher.match(IouMatrix.of(anchors.boxes(), gt.boxes(), gt.size()), gt.size());
      int[] sampled = sampler.sample(matches, samplingRandom(c.seed(), i));
      double norm = Math.max(sampled.length, 1);
      double objectness = 0;
      double localization = 0;
      for (int s : sampled) {
        int k = anchors.index()[s];
        int at = RpnOutputs.anchorIndex(i, channels, 0, perCell, k, -1, h, w);
        double logit = in[at];
        double target = matches[s] >= 0 ? 1 : 0;
        objectness += Math.max(logit, 0) - logit * target + Math.log1p(Math.exp(-Math.abs(logit)));
        if (withGradient) {
          grad[at] = (1 / (1 + Math.exp(-logit)) - target) * c.objectnessWeight() / norm;
        }
        if (matches[s] >= 0) {
          float[] code = CODER.encode(gt.boxes()[matches[s]], anchors.boxes()[s]);
          for (int j = 0; j < 4; j++) {
            int cj = RpnOutputs.anchorIndex(i, channels, 0, perCell, k, j, h, w);
            double d = in[cj] - code[j];
            localization += SmoothL1.value(d);
            if (withGradient) {
              grad[cj] = SmoothL1.derivative(d) * c.localizationWeight() / norm;
            }
          }
        }
      }
      perImage[i] = (c.objectnessWeight() * objectness + c.localizationWeight() * localization) / norm;
      objectnessSum += c.objectnessWeight() * objectness / norm;
      localizationSum += c.localizationWeight() * localization / norm;
    }
    INDArray inputGradient = withGradient ? Nd4j.create(grad, input.shape(), 'c') : null;
    return new LossAndGradient(perImage, inputGradient, Map.of(),
        Map.of("Loss/RPNLoss/objectness_loss", objectnessSum / n, "Loss/RPNLoss/localization_loss", localizationSum / n));
  }

  @Override
  public double calcRegularizationScore(boolean backpropOnlyParams) {
    return 0;
  }

  @Override
  public INDArray params() {
    return null;
  }
}
