package io.sparkrcnn.model.config;

import com.google.protobuf.TextFormat;
import io.sparkrcnn.model.config.proto.FasterRcnn;
import io.sparkrcnn.model.config.proto.TrainEvalPipelineConfig;
import java.util.Set;

/**
 * Reads {@code pipeline.config} files in the Object Detection API's protobuf text format. Fields the
 * schema does not know are refused by name (with line and column), never skipped.
 */
public final class PipelineConfigs {
  /** The backbones this project builds. */
  public static final Set<String> FEATURE_EXTRACTORS = Set.of("faster_rcnn_tiny", "faster_rcnn_resnet50",
      "faster_rcnn_resnet101", "faster_rcnn_resnet152");

  private PipelineConfigs() {}

  /** Parses and checks a config; {@code source} names it in error messages. */
  public static TrainEvalPipelineConfig parse(String text, String source) {
    TrainEvalPipelineConfig.Builder builder = TrainEvalPipelineConfig.newBuilder();
    try {
      TextFormat.getParser().merge(text, builder);
    } catch (TextFormat.ParseException e) {
      throw new PipelineConfigException(source + ":" + e.getMessage());
    }
    TrainEvalPipelineConfig config = builder.build();
    check(config, source);
    return config;
  }

  private static void check(TrainEvalPipelineConfig config, String source) {
    if (!config.getModel().hasFasterRcnn()) {
      throw new PipelineConfigException(source + ": model { faster_rcnn { ... } } is required");
    }
    FasterRcnn f = config.getModel().getFasterRcnn();
    if (f.getNumClasses() < 1) {
      throw new PipelineConfigException(source + ": model.faster_rcnn.num_classes must be at least 1, got "
          + f.getNumClasses());
    }
    String type = f.getFeatureExtractor().getType();
    if (!FEATURE_EXTRACTORS.contains(type)) {
      throw new PipelineConfigException(source + ": model.faster_rcnn.feature_extractor.type '" + type
          + "' is not one of " + FEATURE_EXTRACTORS.stream().sorted().toList());
    }
    if (f.getFeatureExtractor().getFirstStageFeaturesStride() != 16) {
      throw new PipelineConfigException(source + ": first_stage_features_stride "
          + f.getFeatureExtractor().getFirstStageFeaturesStride() + " is not supported; use 16");
    }
  }
}
