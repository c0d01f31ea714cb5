package io.sparkrcnn.model.config;

import java.util.List;

/**
 * The typed {@code train_config}: momentum SGD with a step schedule ({@code schedule} lists the step where each
 * later rate starts), gradient clipping by norm per variable (0 = off), flips, fine-tuning source.
 */
public record TrainSettings(int batchSize, double initialLearningRate, List<Step> schedule, double momentum,
    double gradientClippingByNorm, int numSteps, boolean randomHorizontalFlip, int maxBoxes,
    String fineTuneCheckpoint, boolean fromDetectionCheckpoint) {

  /** From {@code step} on, the learning rate is {@code learningRate}. */
  public record Step(long step, double learningRate) {}

  /** The learning rate in force at a (0-based) step. */
  public double learningRateAt(long step) {
    double lr = initialLearningRate;
    for (Step s : schedule) {
      if (step >= s.step()) {
        lr = s.learningRate();
      }
    }
    return lr;
  }
}
