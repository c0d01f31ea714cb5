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

  /** The same model for another canvas size (benchmarks and tests; min_dimension capped at it). */
  public ModelSettings withCanvas(int canvas) {
    AnchorGridSpec a = new AnchorGridSpec();
    a.scales = anchors.scales;
    a.aspectRatios = anchors.aspectRatios;
    a.baseHeight = anchors.baseHeight;
    a.baseWidth = anchors.baseWidth;
    a.strideY = anchors.strideY;
    a.strideX = anchors.strideX;
    a.offsetY = anchors.offsetY;
    a.offsetX = anchors.offsetX;
    a.clipAnchorsToImage = anchors.clipAnchorsToImage;
    a.canvasSize = canvas;
    return new ModelSettings(numClasses, featureExtractor, batchNormTrainable, Math.min(minDimension, canvas), canvas,
        a, rpnKernelSize, rpnDepth, rpnInitStddev, rpnL2, rpnMinibatchSize, rpnPositiveFraction, rpnNmsScoreThreshold,
        rpnNmsIou, maxProposals, rpnLocalizationWeight, rpnObjectnessWeight, cropSize, poolKernel, poolStride, headL2,
        secondStageBatchSize, secondStagePositiveFraction, scoreThreshold, nmsIou, maxDetectionsPerClass,
        maxTotalDetections, secondStageLocalizationWeight, secondStageClassificationWeight);
  }

  /** Side of the square canvas every image is resized into and padded to. */
  public int canvasSize() {
    return maxDimension;
  }
}
