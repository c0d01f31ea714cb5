package io.sparkrcnn.model.config;

import com.google.protobuf.TextFormat;
import io.sparkrcnn.model.config.proto.TrainEvalPipelineConfig;

/**
 * Reads {@code pipeline.config} files in the Object Detection API's protobuf text format. Fields the
 * schema does not know are refused by name (with line and column), never skipped; values out of range
 * are refused naming the field (see {@link PipelineConfigChecks}).
 */
public final class PipelineConfigs {
  private PipelineConfigs() {}

  /** Parses and checks a config; {@code source} names it in error messages. */
  public static TrainEvalPipelineConfig parse(String text, String source) {
    TrainEvalPipelineConfig.Builder builder = TrainEvalPipelineConfig.newBuilder();
    try {
      TextFormat.getParser().merge(text, builder);
    } catch (TextFormat.ParseException e) {
      // protobuf lists unknown fields on extra lines ("L:C:\tpackage.Message.field"): keep it to one line
      String message = e.getMessage().replaceAll("\\s*\n\\s*", " ").replace('\t', ' ')
          .replaceFirst("Input contains unknown fields and/or extensions: \\d+:\\d+: ", "unknown field ")
          .replace("Input contains unknown fields and/or extensions:", "unknown field");
      throw new PipelineConfigException(source + ":" + message + " (remove it or check its spelling)");
    }
    TrainEvalPipelineConfig config = builder.build();
    PipelineFields.check(config, source);
    PipelineConfigChecks.check(config, source);
    return config;
  }
}
