package io.sparkrcnn.model.config;

import io.sparkrcnn.model.anchors.AnchorGridSpec;

/**
 * The {@code first_stage_*} settings of {@code model.faster_rcnn} (the RPN): its anchor grid, its box predictor's
 * conv ({@code kernelSize × kernelSize}, {@code depth} channels, truncated-normal init of {@code initStddev}, L2
 * {@code l2}), the anchor sample of its loss ({@code minibatchSize}, {@code positiveFraction}), the proposals it
 * hands to the second stage (non-maximum suppression at {@code nmsIou} above {@code nmsScoreThreshold}, at most
 * {@code maxProposals}) and its loss weights.
 */
public record FirstStageSettings(AnchorGridSpec anchors, int kernelSize, int depth, double initStddev, double l2,
    int minibatchSize, double positiveFraction, double nmsScoreThreshold, double nmsIou, int maxProposals,
    double localizationWeight, double objectnessWeight) {

  /** The same first stage with its anchor grid over another canvas. */
  public FirstStageSettings withCanvas(int canvas) {
    return new FirstStageSettings(anchors.withCanvasSize(canvas), kernelSize, depth, initStddev, l2, minibatchSize,
        positiveFraction, nmsScoreThreshold, nmsIou, maxProposals, localizationWeight, objectnessWeight);
  }
}
