package io.sparkrcnn.model.config;

import io.sparkrcnn.model.anchors.AnchorGridSpec;

/**
 * The typed, validated {@code model.faster_rcnn} of a pipeline config: what the model builder needs, read once.
 * Boxes and sizes are in pixels of the square input canvas ({@code canvasSize}).
 */
public record ModelSettings(int numClasses, String featureExtractor, boolean batchNormTrainable, int minDimension,
    int maxDimension, AnchorGridSpec anchors, int rpnKernelSize, int rpnDepth, double rpnInitStddev,
    double rpnL2, int rpnMinibatchSize, double rpnPositiveFraction, double rpnNmsScoreThreshold, double rpnNmsIou,
    int maxProposals, double rpnLocalizationWeight, double rpnObjectnessWeight, int cropSize, int poolKernel,
    int poolStride, double headL2, int secondStageBatchSize, double secondStagePositiveFraction,
    double scoreThreshold, double nmsIou, int maxDetectionsPerClass, int maxTotalDetections,
    double secondStageLocalizationWeight, double secondStageClassificationWeight) {

  /** Side of the square canvas every image is resized into and padded to. */
  public int canvasSize() {
    return maxDimension;
  }
}
