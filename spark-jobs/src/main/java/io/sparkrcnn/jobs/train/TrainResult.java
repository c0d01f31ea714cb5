package io.sparkrcnn.jobs.train;

import org.apache.hadoop.fs.Path;

/**
 * How a {@code train} run ended: {@code trained} false for a dry run or when the train_dir is already at the
 * step to train to (then {@code step} is where it stands); else the step reached, the loss of the last logged
 * steps, the speed, the last checkpoint and the most unusable records skipped in one round.
 */
public record TrainResult(boolean trained, long step, double loss, double imagesPerSecond, Path checkpoint,
    long unusableRecords) {
  static TrainResult untrained(long step) {
    return new TrainResult(false, step, Double.NaN, 0, null, 0);
  }

  static TrainResult of(SparkTrainer.Result r) {
    return new TrainResult(true, r.step(), r.loss(), r.imagesPerSecond(), r.checkpoint(), r.unusableRecords());
  }
}
