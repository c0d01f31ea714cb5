package io.sparkrcnn.model.config;

import java.util.List;

/**
 * The typed {@code train_config}: momentum SGD with a learning-rate schedule ({@link LearningRateSchedule}, which
 * is also what the DL4J updater applies), gradient clipping by norm per variable (0 = off), flips, fine-tuning
 * source and what it is ({@code fineTuneCheckpointType}: {@link #DETECTION}, {@link #CLASSIFICATION}, or empty
 * without a source; from a detection source everything, or with {@code loadAllDetectionCheckpointVars} false the
 * feature extractors only),
 * the parameter-name regexes of {@code freeze_variables} and {@code update_trainable_variables}, and
 * {@code keep_checkpoint_every_n_hours} (a checkpoint leaving the kept window is preserved once per that interval).
 */
public record TrainSettings(int batchSize, LearningRateSchedule learningRate, double momentum,
    double gradientClippingByNorm, int numSteps, boolean randomHorizontalFlip, int maxBoxes,
    String fineTuneCheckpoint, String fineTuneCheckpointType, boolean loadAllDetectionCheckpointVars,
    List<String> freezeVariables, List<String> updateTrainableVariables, double keepCheckpointEveryNHours) {
  /** A whole detection model is the source: every parameter restores where name and shape match. */
  public static final String DETECTION = "detection";
  /** A classification model is the source: only the feature extractor restores. */
  public static final String CLASSIFICATION = "classification";

  public TrainSettings {
    java.util.Objects.requireNonNull(learningRate, "learningRate");
    freezeVariables = List.copyOf(freezeVariables);
    updateTrainableVariables = List.copyOf(updateTrainableVariables);
    if (!fineTuneCheckpointType.isEmpty() && !fineTuneCheckpointType.equals(DETECTION)
        && !fineTuneCheckpointType.equals(CLASSIFICATION)) {
      throw new IllegalArgumentException("fine_tune_checkpoint_type is '" + fineTuneCheckpointType + "'; use '"
          + DETECTION + "' or '" + CLASSIFICATION + "'");
    }
  }

  /** The same settings with one learning rate for every step (benchmarks time steps without training). */
  public TrainSettings withConstantLearningRate(double learningRate) {
    return new TrainSettings(batchSize, LearningRateSchedule.constant(learningRate), momentum,
        gradientClippingByNorm, numSteps, randomHorizontalFlip, maxBoxes, fineTuneCheckpoint, fineTuneCheckpointType,
        loadAllDetectionCheckpointVars, freezeVariables, updateTrainableVariables, keepCheckpointEveryNHours);
  }

  /** Whether the fine-tuning source is a detection model (the reference's {@code from_detection_checkpoint}). */
  public boolean fromDetectionCheckpoint() {
    return fineTuneCheckpointType.equals(DETECTION);
  }

  /** The learning rate in force at a (0-based) step. */
  public double learningRateAt(long step) {
    return learningRate.rateAt(step);
  }
}
