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
      throw new PipelineConfigException(source + ":" + describe(e, text));
    }
    TrainEvalPipelineConfig config = builder.build();
    PipelineFields.check(config, source);
    PipelineConfigChecks.check(config, source);
    return config;
  }

  /** One line for a parse error: unknown fields by name, an unclosed block by where it opened, others as given. */
  private static String describe(TextFormat.ParseException e, String text) {
    String message = e.getMessage();
    if (message.contains("unknown fields")) {
      // protobuf lists unknown fields on extra lines ("L:C:\tpackage.Message.field"): keep it to one line
      return message.replaceAll("\\s*\n\\s*", " ").replace('\t', ' ')
          .replaceFirst("Input contains unknown fields and/or extensions: \\d+:\\d+: ", "unknown field ")
          .replace("Input contains unknown fields and/or extensions:", "unknown field")
          + " (remove it or check its spelling)";
    }
    String unclosed = message.endsWith("Expected \"}\".") && atEnd(text, e.getLine(), e.getColumn())
        ? Braces.unclosed(text) : null;
    if (unclosed != null) {
      return e.getLine() + ":" + e.getColumn() + ": the file ends inside " + unclosed + "; a closing '}' is missing";
    }
    return message.replaceAll("\\s*\n\\s*", " ");
  }

  /** Whether nothing but blanks and comments follows line {@code line}, column {@code column} (both 1-based). */
  private static boolean atEnd(String text, int line, int column) {
    String[] lines = text.split("\n", -1);
    for (int i = Math.max(0, line - 1); i < lines.length; i++) {
      String rest = i == line - 1 ? lines[i].substring(Math.min(lines[i].length(), Math.max(0, column - 1))) : lines[i];
      if (!rest.strip().isEmpty() && !rest.strip().startsWith("#")) {
        return false;
      }
    }
    return true;
  }
}
