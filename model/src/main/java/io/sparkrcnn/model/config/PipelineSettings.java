package io.sparkrcnn.model.config;

import io.sparkrcnn.model.anchors.AnchorGridSpec;
import io.sparkrcnn.model.config.proto.FasterRcnn;
import io.sparkrcnn.model.config.proto.Hyperparams;
import io.sparkrcnn.model.config.proto.InputReader;
import io.sparkrcnn.model.config.proto.LearningRate;
import io.sparkrcnn.model.config.proto.PostProcessing;
import io.sparkrcnn.model.config.proto.TrainConfig;
import io.sparkrcnn.model.config.proto.TrainEvalPipelineConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole pipeline config, typed: built once from the parsed protobuf at the edge, so that nothing inside the
 * model reads the config file. Settings this project cannot honour are refused by field name.
 */
public record PipelineSettings(ModelSettings model, TrainSettings train, InputSettings trainInput,
    InputSettings evalInput, List<String> metricsSets, int numEvalExamples) {

  /** Parses, checks and types a config text; {@code source} names it in error messages. */
  public static PipelineSettings parse(String text, String source) {
    return of(PipelineConfigs.parse(text, source), source);
  }

  public static PipelineSettings of(TrainEvalPipelineConfig c, String source) {
    return new PipelineSettings(model(c.getModel().getFasterRcnn(), source), train(c.getTrainConfig(), source),
        input(c.hasTrainInputReader() ? c.getTrainInputReader() : null),
        input(c.getEvalInputReaderCount() > 0 ? c.getEvalInputReader(0) : null),
        c.getEvalConfig().getMetricsSetList().isEmpty() ? List.of("pascal_voc_detection_metrics")
            : List.copyOf(c.getEvalConfig().getMetricsSetList()),
        c.getEvalConfig().getNumExamples());
  }

  private static ModelSettings model(FasterRcnn f, String source) {
    String m = source + ": model.faster_rcnn.";
    if (f.getNumberOfStages() != 2) {
      throw new PipelineConfigException(m + "number_of_stages is " + f.getNumberOfStages() + "; only 2 is supported");
    }
    int min;
    int max;
    if (f.getImageResizer().hasKeepAspectRatioResizer()) {
      min = f.getImageResizer().getKeepAspectRatioResizer().getMinDimension();
      max = f.getImageResizer().getKeepAspectRatioResizer().getMaxDimension();
    } else {
      var fixed = f.getImageResizer().getFixedShapeResizer();
      if (fixed.getHeight() != fixed.getWidth()) {
        throw new PipelineConfigException(m + "image_resizer.fixed_shape_resizer must be square (height == width);"
            + " use keep_aspect_ratio_resizer for other shapes");
      }
      min = fixed.getHeight();
      max = fixed.getHeight();
    }
    var g = f.getFirstStageAnchorGenerator().getGridAnchorGenerator();
    AnchorGridSpec anchors = new AnchorGridSpec();
    anchors.scales = g.getScalesList().stream().mapToDouble(Float::doubleValue).toArray();
    anchors.aspectRatios = g.getAspectRatiosList().stream().mapToDouble(Float::doubleValue).toArray();
    anchors.baseHeight = g.getHeight();
    anchors.baseWidth = g.getWidth();
    anchors.strideY = g.getHeightStride();
    anchors.strideX = g.getWidthStride();
    anchors.offsetY = g.getHeightOffset();
    anchors.offsetX = g.getWidthOffset();
    anchors.canvasSize = max;
    anchors.clipAnchorsToImage = f.getClipAnchorsToImage();
    if (g.getHeightStride() != 16 || g.getWidthStride() != 16) {
      throw new PipelineConfigException(m + "first_stage_anchor_generator.grid_anchor_generator strides must be 16,"
          + " the first_stage_features_stride");
    }
    PostProcessing post = f.getSecondStagePostProcessing();
    if (post.getScoreConverter() != PostProcessing.ScoreConverter.SOFTMAX) {
      throw new PipelineConfigException(m + "second_stage_post_processing.score_converter is "
          + post.getScoreConverter() + "; only SOFTMAX is supported");
    }
    var nms = post.getBatchNonMaxSuppression();
    Hyperparams rpn = f.getFirstStageBoxPredictorConvHyperparams();
    double stddev = rpn.getInitializer().hasTruncatedNormalInitializer()
        ? rpn.getInitializer().getTruncatedNormalInitializer().getStddev()
        : rpn.getInitializer().hasRandomNormalInitializer() ? rpn.getInitializer().getRandomNormalInitializer().getStddev()
        : 0.01;
    var box = f.getSecondStageBoxPredictor().getMaskRcnnBoxPredictor();
    return new ModelSettings(f.getNumClasses(), f.getFeatureExtractor().getType(),
        f.getFeatureExtractor().getBatchNormTrainable(), min, max, anchors, f.getFirstStageBoxPredictorKernelSize(),
        f.getFirstStageBoxPredictorDepth(), stddev, l2(rpn), f.getFirstStageMinibatchSize(),
        f.getFirstStagePositiveBalanceFraction(), f.getFirstStageNmsScoreThreshold(), f.getFirstStageNmsIouThreshold(),
        f.getFirstStageMaxProposals(), f.getFirstStageLocalizationLossWeight(), f.getFirstStageObjectnessLossWeight(),
        f.getInitialCropSize(), f.getMaxpoolKernelSize(), f.getMaxpoolStride(), l2(box.getFcHyperparams()),
        f.getSecondStageBatchSize(), f.getSecondStageBalanceFraction(), nms.getScoreThreshold(),
        nms.getIouThreshold(), nms.getMaxDetectionsPerClass(), nms.getMaxTotalDetections(),
        f.getSecondStageLocalizationLossWeight(), f.getSecondStageClassificationLossWeight());
  }

  private static double l2(Hyperparams h) {
    return h.getRegularizer().hasL2Regularizer() ? h.getRegularizer().getL2Regularizer().getWeight() : 0;
  }

  private static TrainSettings train(TrainConfig t, String source) {
    String at = source + ": train_config.optimizer";
    LearningRate lr;
    double momentum;
    if (t.getOptimizer().hasMomentumOptimizer()) {
      lr = t.getOptimizer().getMomentumOptimizer().getLearningRate();
      momentum = t.getOptimizer().getMomentumOptimizer().getMomentumOptimizerValue();
    } else if (!t.hasOptimizer()) {
      throw new PipelineConfigException(at + " is required (momentum_optimizer)");
    } else {
      throw new PipelineConfigException(at + ": only momentum_optimizer is supported");
    }
    double initial;
    List<TrainSettings.Step> steps = new ArrayList<>();
    if (lr.hasManualStepLearningRate()) {
      var s = lr.getManualStepLearningRate();
      initial = s.getInitialLearningRate();
      s.getScheduleList().forEach(x -> steps.add(new TrainSettings.Step(x.getStep(), x.getLearningRate())));
    } else if (lr.hasConstantLearningRate()) {
      initial = lr.getConstantLearningRate().getLearningRate();
    } else {
      throw new PipelineConfigException(at + ".momentum_optimizer.learning_rate: use manual_step_learning_rate or"
          + " constant_learning_rate");
    }
    if (t.getOptimizer().getUseMovingAverage()) {
      throw new PipelineConfigException(at + ".use_moving_average: true is not supported; set it to false");
    }
    boolean flip = false;
    for (var step : t.getDataAugmentationOptionsList()) {
      if (step.hasRandomHorizontalFlip()) {
        flip = true;
      } else {
        throw new PipelineConfigException(source + ": train_config.data_augmentation_options: only"
            + " random_horizontal_flip is supported, not " + step.getPreprocessingStepCase().name().toLowerCase());
      }
    }
    return new TrainSettings(t.getBatchSize(), initial, List.copyOf(steps), momentum, t.getGradientClippingByNorm(),
        t.getNumSteps(), flip, t.getMaxNumberOfBoxes(), t.getFineTuneCheckpoint(), fineTuneCheckpointType(t, source),
        regexes(t.getFreezeVariablesList(), source, "freeze_variables"),
        regexes(t.getUpdateTrainableVariablesList(), source, "update_trainable_variables"));
  }

  /**
   * {@code fine_tune_checkpoint_type} as the reference reads it: the field when set; else {@code detection} with the
   * deprecated {@code from_detection_checkpoint: true}; else {@code classification} when there is a checkpoint.
   */
  private static String fineTuneCheckpointType(TrainConfig t, String source) {
    String type = t.getFineTuneCheckpointType();
    if (type.isEmpty()) {
      if (t.getFromDetectionCheckpoint()) {
        return TrainSettings.DETECTION;
      }
      return t.getFineTuneCheckpoint().isEmpty() ? "" : TrainSettings.CLASSIFICATION;
    }
    if (!type.equals(TrainSettings.DETECTION) && !type.equals(TrainSettings.CLASSIFICATION)) {
      throw new PipelineConfigException(source + ": train_config.fine_tune_checkpoint_type is '" + type + "'; use '"
          + TrainSettings.DETECTION + "' or '" + TrainSettings.CLASSIFICATION + "'");
    }
    return type;
  }

  /** Parameter-name regexes of a repeated field, each checked to compile. */
  private static List<String> regexes(List<String> patterns, String source, String field) {
    for (String p : patterns) {
      try {
        java.util.regex.Pattern.compile(p);
      } catch (java.util.regex.PatternSyntaxException e) {
        throw new PipelineConfigException(source + ": train_config." + field + " '" + p
            + "' is not a valid regular expression (" + e.getDescription() + ")");
      }
    }
    return List.copyOf(patterns);
  }

  private static InputSettings input(InputReader r) {
    if (r == null) {
      return new InputSettings(List.of(), "");
    }
    return new InputSettings(List.copyOf(r.getTfRecordInputReader().getInputPathList()), r.getLabelMapPath());
  }
}
