package io.sparkrcnn.model.rpn;

import io.sparkrcnn.model.anchors.AnchorGridSpec;

/** The values of an {@link RpnLoss}, none set at first, each checked by {@link #build()}. */
public final class RpnLossBuilder {
  AnchorGridSpec anchors;
  Integer minibatchSize;
  Double positiveFraction;
  Double positiveIou;
  Double negativeIou;
  Double objectnessWeight;
  Double localizationWeight;
  Long seed;

  RpnLossBuilder() {}

  public RpnLossBuilder anchors(AnchorGridSpec value) {
    anchors = value;
    return this;
  }

  /** Anchors sampled per image. */
  public RpnLossBuilder minibatchSize(int value) {
    minibatchSize = value;
    return this;
  }

  /** Largest share of positives in the sample. */
  public RpnLossBuilder positiveFraction(double value) {
    positiveFraction = value;
    return this;
  }

  /** Anchors at IoU ≥ {@code positive} (and each object's best) are positives, below {@code negative} negatives. */
  public RpnLossBuilder matchIou(double positive, double negative) {
    positiveIou = positive;
    negativeIou = negative;
    return this;
  }

  public RpnLossBuilder lossWeights(double objectness, double localization) {
    objectnessWeight = objectness;
    localizationWeight = localization;
    return this;
  }

  public RpnLossBuilder seed(long value) {
    seed = value;
    return this;
  }

  public RpnLoss build() {
    return new RpnLoss(this);
  }
}
