package io.sparkrcnn.jobs.eval;

import io.sparkrcnn.jobs.UserError;

/**
 * The settings of one {@code eval} run: the pipeline config, where metrics.json goes, and what to score, exactly
 * one of a train_dir whose latest checkpoint to run and a detections file.
 */
public record EvalOptions(String pipelineConfigPath, String evalDir, String checkpointDir, String detectionsFile) {
  public EvalOptions {
    if ((detectionsFile == null) == (checkpointDir == null)) {
      throw new UserError("give either --checkpoint_dir (a train_dir to evaluate) or --detections_file (JSON lines"
          + " of detections to score)");
    }
    if (pipelineConfigPath == null || evalDir == null) {
      throw new UserError("give --pipeline_config_path and --eval_dir");
    }
  }
}
