package io.sparkrcnn.jobs.nightly;

import io.sparkrcnn.jobs.UserError;
import io.sparkrcnn.jobs.export.ConfigOverride;
import io.sparkrcnn.model.config.PipelineConfigs;
import io.sparkrcnn.model.config.proto.TrainEvalPipelineConfig;

/**
 * The pipeline config of one nightly run, made from the {@code --pipeline_config_path} template: every
 * {@code PATH_TO_BE_CONFIGURED} becomes the run's records folder and, once a model is published, train_config's
 * {@code fine_tune_checkpoint} becomes the current version's checkpoint, restored whole as a detection checkpoint
 * ({@code fine_tune_checkpoint_type: "detection"}, {@code load_all_detection_checkpoint_vars: true}). The first
 * night trains from the template's own {@code fine_tune_checkpoint} when it names one, else from scratch.
 */
final class RunConfig {
  static final String PLACEHOLDER = "PATH_TO_BE_CONFIGURED";

  private RunConfig() {}

  /** Refuses a template nightly cannot fill: no placeholder, or one left in fine_tune_checkpoint. */
  static void checkTemplate(String text, String path) {
    TrainEvalPipelineConfig config = PipelineConfigs.parse(text, path);
    if (!text.contains(PLACEHOLDER)) {
      throw new UserError("--pipeline_config_path " + path + " has no " + PLACEHOLDER + ": nightly sets it to each"
          + " run's records folder; write the input paths as the shipped configs do ('" + PLACEHOLDER
          + "/pet_faces_train.record-?????-of-00010')");
    }
    String fineTune = config.getTrainConfig().getFineTuneCheckpoint();
    if (fineTune.contains(PLACEHOLDER)) {
      throw new UserError("--pipeline_config_path " + path + ": train_config.fine_tune_checkpoint '" + fineTune
          + "' would point into the records folder; set it to the checkpoint the first night starts from, or remove"
          + " it to train the first night from scratch (later nights start from the published model)");
    }
  }

  /**
   * The run's config text.
   *
   * @param records the run's records folder (qualified)
   * @param startFrom the published checkpoint to fine-tune from (qualified), or null when nothing is published
   */
  static String text(String template, String path, String records, String startFrom) {
    String filled = template.replace(PLACEHOLDER, records);
    if (startFrom == null) {
      return filled;
    }
    String override = "train_config { fine_tune_checkpoint: \"" + escape(startFrom) + "\""
        + " fine_tune_checkpoint_type: \"detection\" load_all_detection_checkpoint_vars: true }";
    return ConfigOverride.apply(filled, path, override).text();
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
