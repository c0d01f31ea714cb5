package io.sparkrcnn.jobs.predict;

import io.sparkrcnn.jobs.UserError;

/**
 * The settings of one {@code predict} run: the model (an export directory, or a train_dir's newest checkpoint with
 * its pipeline config), an optional label map for the class names, the inputs, where the output goes, the score
 * above which detections are drawn, whether to draw, and whether a previous output may be replaced.
 */
public record PredictOptions(String modelDir, String checkpointDir, String pipelineConfigPath, String labelMapPath,
    String inputPath, String outputDir, float minScoreThresh, boolean visualize, boolean overwrite) {
  public PredictOptions {
    if ((modelDir == null) == (checkpointDir == null)) {
      throw new UserError("give either --model_dir (an export directory) or --checkpoint_dir (a train_dir) with"
          + " --pipeline_config_path");
    }
    if (checkpointDir != null && pipelineConfigPath == null) {
      throw new UserError("--checkpoint_dir needs --pipeline_config_path, the config the checkpoint was trained"
          + " with");
    }
    if (modelDir != null && pipelineConfigPath != null) {
      throw new UserError("--pipeline_config_path goes with --checkpoint_dir only; --model_dir " + modelDir
          + " has its own pipeline.config");
    }
    if (inputPath == null || inputPath.isBlank()) {
      throw new UserError("give --input_path: image files, directories, globs or TFRecord files, comma-separated");
    }
    if (outputDir == null || outputDir.isBlank()) {
      throw new UserError("give --output_dir, where detections.jsonl goes");
    }
    if (!(minScoreThresh >= 0 && minScoreThresh <= 1)) {
      throw new UserError("--min_score_thresh must be between 0 and 1, got " + minScoreThresh);
    }
  }
}
