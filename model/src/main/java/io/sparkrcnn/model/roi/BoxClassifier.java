package io.sparkrcnn.model.roi;

import static io.sparkrcnn.model.layers.LayerConfigChecks.atLeast;
import static io.sparkrcnn.model.layers.LayerConfigChecks.fraction;
import static io.sparkrcnn.model.layers.LayerConfigChecks.given;
import static io.sparkrcnn.model.layers.LayerConfigChecks.nonNegative;

import io.sparkrcnn.model.anchors.AnchorGridSpec;
import io.sparkrcnn.model.detector.SecondStageOutput;
import io.sparkrcnn.model.layers.HandWrittenLayer;
import java.util.List;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Configuration of the second stage as one DL4J output layer. Input {@code [N, C + 5A, h, w]}: the backbone
 * features then the first stage's A logits and 4A codes. Proposals come from the first stage without
 * gradient; in training the ground-truth boxes join them, {@code batchSize} RoIs per image are sampled
 * (≤ {@code positiveFraction} with IoU ≥ {@code positiveIou}), cropped by {@link RoiAlign} and fed to the box
 * head: a 1×1 reduction to {@code reducedChannels} (ReLU), a fully connected layer of {@code hiddenUnits}
 * (ReLU), then class logits (K + 1) and per-class box codes (4K). Loss = classification weight × softmax
 * cross-entropy + localisation weight × smooth-L1 of the true class's codes, over the sample, divided by its
 * size. At inference the output is, per image and per proposal slot ({@code maxProposals}), the proposal box,
 * the class probabilities and the box codes (empty slots are zero). Immutable, built by {@link #builder()}.
 */
public class BoxClassifier extends HandWrittenLayer {
  @JsonProperty private AnchorGridSpec anchors;
  @JsonProperty private int featureChannels;
  @JsonProperty private int numClasses;
  @JsonProperty private int reducedChannels;
  @JsonProperty private int hiddenUnits;
  @JsonProperty private int cropSize;
  @JsonProperty private int poolKernel;
  @JsonProperty private int poolStride;
  @JsonProperty private double proposalNmsIou;
  @JsonProperty private double proposalScoreThreshold;
  @JsonProperty private int maxProposals;
  @JsonProperty private int batchSize;
  @JsonProperty private double positiveFraction;
  @JsonProperty private double positiveIou;
  @JsonProperty private double classificationWeight;
  @JsonProperty private double localizationWeight;
  @JsonProperty private boolean groundTruthAsProposals;
  @JsonProperty private long seed;

  /** For Jackson, which sets the fields from a saved configuration. */
  private BoxClassifier() {}

  BoxClassifier(BoxClassifierBuilder b) {
    anchors = given("BoxClassifier.anchors", b.anchors);
    featureChannels = atLeast("BoxClassifier.featureChannels", b.featureChannels, 1);
    numClasses = atLeast("BoxClassifier.numClasses", b.numClasses, 1);
    reducedChannels = atLeast("BoxClassifier.reducedChannels", b.reducedChannels, 1);
    hiddenUnits = atLeast("BoxClassifier.hiddenUnits", b.hiddenUnits, 1);
    cropSize = atLeast("BoxClassifier.cropSize", b.cropSize, 2);
    poolKernel = atLeast("BoxClassifier.poolKernel", b.poolKernel, 1);
    if (poolKernel > cropSize) {
      throw new IllegalArgumentException("BoxClassifier.poolKernel is " + poolKernel + "; it must be at most cropSize ("
          + cropSize + ")");
    }
    poolStride = atLeast("BoxClassifier.poolStride", b.poolStride, 1);
    proposalNmsIou = fraction("BoxClassifier.proposalNmsIou", b.proposalNmsIou, false);
    proposalScoreThreshold = fraction("BoxClassifier.proposalScoreThreshold", b.proposalScoreThreshold, true);
    maxProposals = atLeast("BoxClassifier.maxProposals", b.maxProposals, 1);
    batchSize = atLeast("BoxClassifier.batchSize", b.batchSize, 1);
    positiveFraction = fraction("BoxClassifier.positiveFraction", b.positiveFraction, false);
    positiveIou = fraction("BoxClassifier.positiveIou", b.positiveIou, false);
    classificationWeight = nonNegative("BoxClassifier.classificationWeight", b.classificationWeight);
    localizationWeight = nonNegative("BoxClassifier.localizationWeight", b.localizationWeight);
    groundTruthAsProposals = given("BoxClassifier.groundTruthAsProposals", b.groundTruthAsProposals);
    seed = given("BoxClassifier.seed", b.seed);
    double l2 = nonNegative("BoxClassifier.l2", b.l2);
    setRegularization(l2 > 0 ? List.of(new L2Regularization(l2)) : null);
  }

  /** A builder with nothing set: every value must be given. */
  public static BoxClassifierBuilder builder() {
    return new BoxClassifierBuilder();
  }

  @Override
  protected BoxClassifierLayer newLayer(NeuralNetConfiguration conf, DataType dataType) {
    return new BoxClassifierLayer(conf, dataType);
  }

  public AnchorGridSpec anchors() {
    return anchors;
  }

  /** Channels of the backbone features. */
  public int featureChannels() {
    return featureChannels;
  }

  /** Object classes, background not counted. */
  public int numClasses() {
    return numClasses;
  }

  /** Channels of the box head's 1×1 reduction. */
  public int reducedChannels() {
    return reducedChannels;
  }

  /** Units of the box head's hidden layer. */
  public int hiddenUnits() {
    return hiddenUnits;
  }

  public int cropSize() {
    return cropSize;
  }

  public int poolKernel() {
    return poolKernel;
  }

  public int poolStride() {
    return poolStride;
  }

  public double proposalNmsIou() {
    return proposalNmsIou;
  }

  public double proposalScoreThreshold() {
    return proposalScoreThreshold;
  }

  public int maxProposals() {
    return maxProposals;
  }

  /** RoIs sampled per image in training. */
  public int batchSize() {
    return batchSize;
  }

  public double positiveFraction() {
    return positiveFraction;
  }

  public double positiveIou() {
    return positiveIou;
  }

  public double classificationWeight() {
    return classificationWeight;
  }

  public double localizationWeight() {
    return localizationWeight;
  }

  /** Whether the ground-truth boxes join the proposals in training. */
  public boolean groundTruthAsProposals() {
    return groundTruthAsProposals;
  }

  /** Seed of the RoI sampling (mixed with the image's index in the batch). */
  public long seed() {
    return seed;
  }

  public int pooledSize() {
    return roiAlign().pooledSize();
  }

  public RoiAlign roiAlign() {
    return new RoiAlign(cropSize, poolKernel, poolStride);
  }

  /** Values per proposal slot in the inference output: box (4), class probabilities (K + 1), codes (4K). */
  public int valuesPerProposal() {
    return SecondStageOutput.valuesPerSlot(numClasses);
  }

  @Override
  public ParamInitializer initializer() {
    return BoxClassifierParams.INSTANCE;
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    return InputType.feedForward((long) maxProposals * valuesPerProposal());
  }

  @Override
  public void setNIn(InputType inputType, boolean override) {
    long channels = ((InputType.InputTypeConvolutional) inputType).getChannels();
    if (channels != featureChannels + 5L * anchors.anchorsPerLocation()) {
      throw new IllegalArgumentException("box classifier expects " + featureChannels + " feature channels + 5 × "
          + anchors.anchorsPerLocation() + " first-stage channels, got " + channels);
    }
  }

}
