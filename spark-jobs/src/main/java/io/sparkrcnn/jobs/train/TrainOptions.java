package io.sparkrcnn.jobs.train;

import io.sparkrcnn.jobs.UserError;
import io.sparkrcnn.model.trainable.ParameterScopes;

/**
 * The validated settings of one {@code train} run (see {@link TrainCommand} for what each means):
 * {@code numTrainSteps} null means train_config.num_steps, {@code trainDir} may be null only for a dry run.
 */
public record TrainOptions(String pipelineConfigPath, String trainDir, Integer numTrainSteps, int numWorkers,
    int averagingFrequency, int prefetchBatches, String device, ParameterScopes checkpointExcludeScopes,
    ParameterScopes trainableScopes, boolean dryRun, int checkpointEvery, int logEvery, int keep, long seed) {
  public TrainOptions {
    if (pipelineConfigPath == null) {
      throw new UserError("give --pipeline_config_path");
    }
    if (numTrainSteps != null && numTrainSteps < 1) {
      throw new UserError("--num_train_steps must be at least 1, got " + numTrainSteps);
    }
    atLeast("--num_workers", numWorkers, 1);
    atLeast("--averaging_frequency", averagingFrequency, 1);
    atLeast("--save_checkpoints_steps", checkpointEvery, 1);
    atLeast("--log_every_n_steps", logEvery, 1);
    atLeast("--keep_checkpoint_max", keep, 1);
    atLeast("--prefetch_batches", prefetchBatches, 0);
  }

  /** The step to train to: the flag, else the config's num_steps, else (0 with num_epochs) until the epochs end. */
  long stepsToTrain(long configSteps, boolean epochsLimit) {
    if (numTrainSteps != null) {
      return numTrainSteps;
    }
    if (configSteps < 1 && epochsLimit) {
      return Long.MAX_VALUE;
    }
    if (configSteps < 1) {
      throw new UserError("train_config.num_steps is " + configSteps + " (0: train forever, which train does not do)"
          + " and neither --num_train_steps nor train_input_reader.num_epochs was given; give --num_train_steps N");
    }
    return configSteps;
  }

  /** Defaults of train's flags, one home for {@link TrainCommand} and for jobs that train without them (nightly). */
  public static final int AVERAGING_FREQUENCY = 5;
  public static final int PREFETCH_BATCHES = 2;
  public static final int LOG_EVERY = 10;
  public static final int KEEP = 5;
  public static final long SEED = 1;

  /** A run with train's defaults but for the config, train_dir, steps, workers, device and checkpoint interval. */
  public static TrainOptions withDefaults(String pipelineConfigPath, String trainDir, Integer numTrainSteps,
      int numWorkers, String device, int checkpointEvery) {
    return new TrainOptions(pipelineConfigPath, trainDir, numTrainSteps, numWorkers, AVERAGING_FREQUENCY,
        PREFETCH_BATCHES, device, ParameterScopes.NONE, ParameterScopes.NONE, false, checkpointEvery, LOG_EVERY,
        KEEP, SEED);
  }

  private static void atLeast(String flag, long value, long least) {
    if (value < least) {
      throw new UserError(flag + " must be at least " + least + ", got " + value);
    }
  }
}
