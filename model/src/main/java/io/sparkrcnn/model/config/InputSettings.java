package io.sparkrcnn.model.config;

import java.util.List;

/**
 * A typed input reader: TFRecord paths or globs (any Hadoop filesystem), the label map path ("" = Pets map), whether
 * training draws its records in a shuffled order (else in the order they are read), and {@code numEpochs}, the passes
 * over the records training ends after (0 = until the step count).
 */
public record InputSettings(List<String> inputPaths, String labelMapPath, boolean shuffle, long numEpochs) {
  public InputSettings {
    inputPaths = List.copyOf(inputPaths);
  }

  /** Shuffled, without an epoch limit. */
  public InputSettings(List<String> inputPaths, String labelMapPath) {
    this(inputPaths, labelMapPath, true, 0);
  }

  /**
   * The last step {@code numEpochs} passes over {@code records} records allow when each of {@code workers} workers
   * reads its share, {@code batchSize} images a step (as the reference's input ends after its epochs and training
   * with it); {@link Long#MAX_VALUE} without a limit.
   */
  public long lastStepOfEpochs(long records, int workers, int batchSize) {
    if (numEpochs == 0) {
      return Long.MAX_VALUE;
    }
    return numEpochs * records / ((long) workers * batchSize);
  }
}
