package io.sparkrcnn.model.roi;

import io.sparkrcnn.model.anchors.AnchorGridSpec;

/** The values of a {@link BoxClassifier}, none set at first, each checked by {@link #build()}. */
public final class BoxClassifierBuilder {
  AnchorGridSpec anchors;
  Integer featureChannels;
  Integer numClasses;
  Integer reducedChannels;
  Integer hiddenUnits;
  Integer cropSize;
  Integer poolKernel;
  Integer poolStride;
  Double proposalNmsIou;
  Double proposalScoreThreshold;
  Integer maxProposals;
  Integer batchSize;
  Double positiveFraction;
  Double positiveIou;
  Double classificationWeight;
  Double localizationWeight;
  Boolean groundTruthAsProposals;
  Long seed;
  Double l2;

  BoxClassifierBuilder() {}

  /** The first stage's anchor grid, whose box codes the proposals decode. */
  public BoxClassifierBuilder anchors(AnchorGridSpec value) {
    anchors = value;
    return this;
  }

  /** Channels of the backbone's features. */
  public BoxClassifierBuilder featureChannels(int value) {
    featureChannels = value;
    return this;
  }

  /** Object classes, background not counted. */
  public BoxClassifierBuilder numClasses(int value) {
    numClasses = value;
    return this;
  }

  /** The box head's sizes: channels of its 1×1 reduction, units of its hidden layer. */
  public BoxClassifierBuilder head(int reduced, int hidden) {
    reducedChannels = reduced;
    hiddenUnits = hidden;
    return this;
  }

  /** RoI align's crop side and max-pool (see {@link RoiAlign}). */
  public BoxClassifierBuilder roiAlign(int crop, int poolKernelSize, int poolStrideSize) {
    cropSize = crop;
    poolKernel = poolKernelSize;
    poolStride = poolStrideSize;
    return this;
  }

  /** Proposals whose IoU with a better one is above this are suppressed. */
  public BoxClassifierBuilder proposalNmsIou(double value) {
    proposalNmsIou = value;
    return this;
  }

  /** Proposals of a lower objectness probability are dropped. */
  public BoxClassifierBuilder proposalScoreThreshold(double value) {
    proposalScoreThreshold = value;
    return this;
  }

  /** Proposals kept per image, the slots of the inference output. */
  public BoxClassifierBuilder maxProposals(int value) {
    maxProposals = value;
    return this;
  }

  /** RoIs sampled per image in training. */
  public BoxClassifierBuilder batchSize(int value) {
    batchSize = value;
    return this;
  }

  /** Largest share of positives among the sampled RoIs. */
  public BoxClassifierBuilder positiveFraction(double value) {
    positiveFraction = value;
    return this;
  }

  /** RoIs at this IoU with an object or more are positives, the others background. */
  public BoxClassifierBuilder positiveIou(double value) {
    positiveIou = value;
    return this;
  }

  public BoxClassifierBuilder lossWeights(double classification, double localization) {
    classificationWeight = classification;
    localizationWeight = localization;
    return this;
  }

  /** Whether the ground-truth boxes join the proposals in training. */
  public BoxClassifierBuilder groundTruthAsProposals(boolean value) {
    groundTruthAsProposals = value;
    return this;
  }

  public BoxClassifierBuilder seed(long value) {
    seed = value;
    return this;
  }

  /** L2 regularisation of the box head's parameters, 0 for none. */
  public BoxClassifierBuilder l2(double value) {
    l2 = value;
    return this;
  }

  public BoxClassifier build() {
    return new BoxClassifier(this);
  }
}
