package io.sparkrcnn.jobs.export;

import com.google.protobuf.TextFormat;
import io.sparkrcnn.jobs.UserError;
import io.sparkrcnn.model.config.PipelineConfigs;
import io.sparkrcnn.model.config.proto.TrainEvalPipelineConfig;

/**
 * {@code --config_override}: a text-format pipeline config fragment merged over the config file's, as the
 * reference's {@code text_format.Merge} does (a scalar replaces the file's, a repeated field's values are added,
 * a message merges field by field). Unknown fields in the fragment are refused by name; the merged config is
 * checked as every pipeline config is ({@link PipelineConfigs#parse}).
 */
public final class ConfigOverride {
  /** The merged config and its text: the file's own text when there is no override, else the merged config's. */
  public record Merged(TrainEvalPipelineConfig config, String text, String source) {}

  private ConfigOverride() {}

  /** The config {@code fileText} (read from {@code path}) with {@code override} (blank: none) merged over it. */
  public static Merged apply(String fileText, String path, String override) {
    TrainEvalPipelineConfig config = PipelineConfigs.parse(fileText, path);
    if (override.isBlank()) {
      return new Merged(config, fileText, path);
    }
    TrainEvalPipelineConfig.Builder merged = config.toBuilder();
    try {
      TextFormat.getParser().merge(override, merged);
    } catch (TextFormat.ParseException e) {
      throw new UserError("--config_override: " + describe(e.getMessage()));
    }
    String text = TextFormat.printer().printToString(merged.build());
    String source = path + " with --config_override";
    return new Merged(PipelineConfigs.parse(text, source), text, source);
  }

  private static String describe(String message) {
    String line = message.replaceAll("\\s*\n\\s*", " ").replace('\t', ' ');
    if (line.contains("unknown fields")) {
      return line.replaceFirst("Input contains unknown fields and/or extensions: \\d+:\\d+: ", "unknown field ")
          .replace("Input contains unknown fields and/or extensions:", "unknown field")
          + " (remove it or check its spelling)";
    }
    return line;
  }
}
