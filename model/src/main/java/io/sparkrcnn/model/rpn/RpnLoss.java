package io.sparkrcnn.model.rpn;

import static io.sparkrcnn.model.layers.LayerConfigChecks.atLeast;
import static io.sparkrcnn.model.layers.LayerConfigChecks.fraction;
import static io.sparkrcnn.model.layers.LayerConfigChecks.given;
import static io.sparkrcnn.model.layers.LayerConfigChecks.nonNegative;

import io.sparkrcnn.model.anchors.AnchorGridSpec;
import io.sparkrcnn.model.layers.HandWrittenLayer;
import java.util.List;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.params.EmptyParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Configuration of the first-stage (RPN) loss layer: input {@code [N, 5A, h, w]} = A objectness logits then
 * 4A box codes per cell; labels the padded ground truth. Anchors are matched at IoU ≥ {@code positiveIou}
 * (and each object's best anchor) / below {@code negativeIou}, {@code minibatchSize} of them sampled with at
 * most {@code positiveFraction} positives; loss = objectness weight × sigmoid cross-entropy + localisation
 * weight × smooth-L1 of the box codes, each summed over the sample and divided by its size, as the reference.
 * Immutable, built by {@link #builder()}.
 */
public class RpnLoss extends HandWrittenLayer {
  @JsonProperty private AnchorGridSpec anchors;
  @JsonProperty private int minibatchSize;
  @JsonProperty private double positiveFraction;
  @JsonProperty private double positiveIou;
  @JsonProperty private double negativeIou;
  @JsonProperty private double objectnessWeight;
  @JsonProperty private double localizationWeight;
  @JsonProperty private long seed;

  /** For Jackson, which sets the fields from a saved configuration. */
  private RpnLoss() {}

  RpnLoss(RpnLossBuilder b) {
    anchors = given("RpnLoss.anchors", b.anchors);
    minibatchSize = atLeast("RpnLoss.minibatchSize", b.minibatchSize, 1);
    positiveFraction = fraction("RpnLoss.positiveFraction", b.positiveFraction, false);
    positiveIou = fraction("RpnLoss.positiveIou", b.positiveIou, false);
    negativeIou = fraction("RpnLoss.negativeIou", b.negativeIou, true);
    if (negativeIou > positiveIou) {
      throw new IllegalArgumentException("RpnLoss.negativeIou is " + negativeIou + "; it must be at most positiveIou ("
          + positiveIou + ")");
    }
    objectnessWeight = nonNegative("RpnLoss.objectnessWeight", b.objectnessWeight);
    localizationWeight = nonNegative("RpnLoss.localizationWeight", b.localizationWeight);
    seed = given("RpnLoss.seed", b.seed);
  }

  /** A builder with nothing set: every value must be given. */
  public static RpnLossBuilder builder() {
    return new RpnLossBuilder();
  }

  public AnchorGridSpec anchors() {
    return anchors;
  }

  public int minibatchSize() {
    return minibatchSize;
  }

  public double positiveFraction() {
    return positiveFraction;
  }

  public double positiveIou() {
    return positiveIou;
  }

  public double negativeIou() {
    return negativeIou;
  }

  public double objectnessWeight() {
    return objectnessWeight;
  }

  public double localizationWeight() {
    return localizationWeight;
  }

  /** Seed of the anchor sampling (mixed with the image's index in the batch). */
  public long seed() {
    return seed;
  }

  @Override
  protected RpnLossLayer newLayer(NeuralNetConfiguration conf, DataType dataType) {
    return new RpnLossLayer(conf, dataType);
  }

  @Override
  public ParamInitializer initializer() {
    return EmptyParamInitializer.getInstance();
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    return inputType;
  }

  @Override
  public void setNIn(InputType inputType, boolean override) {
    long channels = ((InputType.InputTypeConvolutional) inputType).getChannels();
    if (channels != 5L * anchors.anchorsPerLocation()) {
      throw new IllegalArgumentException("RPN loss expects 5 × " + anchors.anchorsPerLocation()
          + " channels (objectness + box codes per anchor), got " + channels);
    }
  }

  @Override
  public List<Regularization> getRegularizationByParam(String paramName) {
    return List.of();
  }
}
