package io.sparkrcnn.jobs.train;

import io.sparkrcnn.model.config.ModelSettings;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.config.TrainSettings;
import io.sparkrcnn.model.input.ImagePreparer;
import io.sparkrcnn.model.input.KeepAspectRatioResizer;
import io.sparkrcnn.model.input.TrainingBatches;
import java.io.Serializable;
import java.util.List;

/** What an executor needs to turn its records into training batches: resizing, batch size, boxes, flips, seed. */
public record BatchSpec(int minDimension, int maxDimension, int batchSize, int maxBoxes, boolean randomFlip,
    boolean shuffle, long seed) implements Serializable {

  /** Records shuffled ({@code train_input_reader.shuffle: true}). */
  public BatchSpec(int minDimension, int maxDimension, int batchSize, int maxBoxes, boolean randomFlip, long seed) {
    this(minDimension, maxDimension, batchSize, maxBoxes, randomFlip, true, seed);
  }

  public static BatchSpec of(PipelineSettings settings, long seed) {
    BatchSpec s = of(settings.model(), settings.train(), seed);
    return new BatchSpec(s.minDimension, s.maxDimension, s.batchSize, s.maxBoxes, s.randomFlip,
        settings.trainInput().shuffle(), seed);
  }

  public static BatchSpec of(ModelSettings m, TrainSettings t, long seed) {
    return new BatchSpec(m.minDimension(), m.maxDimension(), t.batchSize(), t.maxBoxes(), t.randomHorizontalFlip(),
        seed);
  }

  /**
   * Worker {@code worker}'s endless batch sequence over its records, positioned at {@code step}: every worker draws
   * its own shuffled epochs (seeded by seed and worker), and a restart at step k continues where step k left off.
   */
  public TrainingBatches batchesOf(List<byte[]> records, int worker, long step) {
    TrainingBatches batches = new TrainingBatches(records,
        new ImagePreparer(new KeepAspectRatioResizer(minDimension, maxDimension)), batchSize, maxBoxes, randomFlip,
        shuffle, io.sparkrcnn.model.random.Seeds.mix(seed, worker));
    batches.skip(step);
    return batches;
  }
}
