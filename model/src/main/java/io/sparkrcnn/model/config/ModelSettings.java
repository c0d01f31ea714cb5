package io.sparkrcnn.model.config;

/**
 * The typed, validated {@code model.faster_rcnn} of a pipeline config: what the model builder needs, read once,
 * grouped by stage as the reference's {@code first_stage_} and {@code second_stage_} prefixes. Boxes and sizes are
 * in pixels of the square input canvas ({@link #canvasSize()}).
 */
public record ModelSettings(int numClasses, String featureExtractor, boolean batchNormTrainable, int minDimension,
    int maxDimension, FirstStageSettings firstStage, SecondStageSettings secondStage,
    PostProcessingSettings postProcessing) {

  /** The same model for another canvas size (benchmarks and tests; min_dimension capped at it). */
  public ModelSettings withCanvas(int canvas) {
    return new ModelSettings(numClasses, featureExtractor, batchNormTrainable, Math.min(minDimension, canvas), canvas,
        firstStage.withCanvas(canvas), secondStage, postProcessing);
  }

  /** Side of the square canvas every image is resized into and padded to. */
  public int canvasSize() {
    return maxDimension;
  }
}
