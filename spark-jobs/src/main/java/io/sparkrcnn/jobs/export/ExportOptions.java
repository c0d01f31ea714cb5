package io.sparkrcnn.jobs.export;

import io.sparkrcnn.jobs.UserError;
import io.sparkrcnn.model.export.ExportInput;

/**
 * The settings of one {@code export} run, as {@code export_inference_graph.py} names them: the pipeline config and
 * a text-format fragment merged over it, exactly one of a checkpoint ({@code TRAIN_DIR/model.ckpt-N}) and a
 * train_dir whose newest whole checkpoint to take, the output directory, the graph's input, whether an existing
 * export may be replaced and whether to skip the evaluations.
 */
public record ExportOptions(String pipelineConfigPath, String configOverride, String trainedCheckpointPrefix,
    String checkpointDir, String outputDirectory, ExportInput input, boolean overwrite, boolean skipEval) {
  public ExportOptions {
    if ((trainedCheckpointPrefix == null) == (checkpointDir == null)) {
      throw new UserError("give either --trained_checkpoint_prefix TRAIN_DIR/model.ckpt-N (one checkpoint) or"
          + " --checkpoint_dir TRAIN_DIR (its newest whole checkpoint), not " + (checkpointDir == null ? "neither"
          : "both"));
    }
    if (pipelineConfigPath == null || outputDirectory == null) {
      throw new UserError("give --pipeline_config_path and --output_directory");
    }
    configOverride = configOverride == null ? "" : configOverride;
  }

  /** The options with the {@code --input_type} value {@code inputType}: image_tensor or encoded_image_string_tensor. */
  public static ExportOptions of(String pipelineConfigPath, String configOverride, String trainedCheckpointPrefix,
      String checkpointDir, String outputDirectory, String inputType, boolean overwrite, boolean skipEval) {
    ExportInput input;
    try {
      input = ExportInput.named(inputType);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    return new ExportOptions(pipelineConfigPath, configOverride, trainedCheckpointPrefix, checkpointDir,
        outputDirectory, input, overwrite, skipEval);
  }

  /** The flag and value naming the checkpoint, for messages. */
  String checkpointFlag() {
    return trainedCheckpointPrefix != null ? "--trained_checkpoint_prefix " + trainedCheckpointPrefix
        : "--checkpoint_dir " + checkpointDir;
  }
}
