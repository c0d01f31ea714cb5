package io.sparkrcnn.jobs.nightly;

import io.sparkrcnn.jobs.UserError;

/**
 * The validated settings of one {@code nightly} run (see {@link NightlyCommand} for what each means):
 * {@code numTrainSteps} null means train_config.num_steps, {@code runId} null lets {@link RunIds} choose.
 */
public record NightlyOptions(String dataDir, String pipelineConfigPath, String workDir, String modelDir,
    Integer numTrainSteps, double minImprovement, int numWorkers, int saveCheckpointsSteps, int numShards,
    String device, String runId) {
  public NightlyOptions {
    if (dataDir == null || pipelineConfigPath == null || workDir == null || modelDir == null) {
      throw new UserError("give --data_dir, --pipeline_config_path, --work_dir and --model_dir");
    }
    if (numTrainSteps != null && numTrainSteps < 1) {
      throw new UserError("--num_train_steps must be at least 1, got " + numTrainSteps);
    }
    if (!(minImprovement >= -1 && minImprovement <= 1)) {
      throw new UserError("--min_improvement must be between -1 and 1 (a difference of mAP@0.5), got "
          + minImprovement);
    }
    atLeast("--num_workers", numWorkers);
    atLeast("--save_checkpoints_steps", saveCheckpointsSteps);
    atLeast("--num_shards", numShards);
    if (runId != null) {
      RunIds.check(runId);
    }
  }

  private static void atLeast(String flag, int value) {
    if (value < 1) {
      throw new UserError(flag + " must be at least 1, got " + value);
    }
  }
}
