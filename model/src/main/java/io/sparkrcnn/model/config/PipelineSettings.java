package io.sparkrcnn.model.config;

import io.sparkrcnn.model.anchors.AnchorGridSpec;
import io.sparkrcnn.model.config.proto.FasterRcnn;
import io.sparkrcnn.model.config.proto.Hyperparams;
import io.sparkrcnn.model.config.proto.InputReader;
import io.sparkrcnn.model.config.proto.LearningRate;
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
    AnchorGridSpec anchors = new AnchorGridSpec(g.getScalesList().stream().mapToDouble(Float::doubleValue).toArray(),
        g.getAspectRatiosList().stream().mapToDouble(Float::doubleValue).toArray(), g.getHeight(), g.getWidth(),
        g.getHeightOffset(), g.getWidthOffset(), max, f.getClipAnchorsToImage());
    Hyperparams rpn = f.getFirstStageBoxPredictorConvHyperparams();
    double stddev = rpn.getInitializer().hasTruncatedNormalInitializer()
        ? rpn.getInitializer().getTruncatedNormalInitializer().getStddev()
        : rpn.getInitializer().hasRandomNormalInitializer()
        ? rpn.getInitializer().getRandomNormalInitializer().getStddev()
        : 0.01;
    var firstStage = new FirstStageSettings(anchors, f.getFirstStageBoxPredictorKernelSize(),
        f.getFirstStageBoxPredictorDepth(), stddev, l2(rpn), f.getFirstStageMinibatchSize(),
        f.getFirstStagePositiveBalanceFraction(), f.getFirstStageNmsScoreThreshold(), f.getFirstStageNmsIouThreshold(),
        f.getFirstStageMaxProposals(), f.getFirstStageLocalizationLossWeight(), f.getFirstStageObjectnessLossWeight());
    var box = f.getSecondStageBoxPredictor().getMaskRcnnBoxPredictor();
    var secondStage = new SecondStageSettings(f.getInitialCropSize(), f.getMaxpoolKernelSize(), f.getMaxpoolStride(),
        l2(box.getFcHyperparams()), f.getSecondStageBatchSize(), f.getSecondStageBalanceFraction(),
        f.getSecondStageLocalizationLossWeight(), f.getSecondStageClassificationLossWeight());
    var nms = f.getSecondStagePostProcessing().getBatchNonMaxSuppression();
    var postProcessing = new PostProcessingSettings(nms.getScoreThreshold(), nms.getIouThreshold(),
        nms.getMaxDetectionsPerClass(), nms.getMaxTotalDetections());
    return new ModelSettings(f.getNumClasses(), f.getFeatureExtractor().getType(),
        f.getFeatureExtractor().getBatchNormTrainable(), min, max, firstStage, secondStage, postProcessing);
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
    LearningRateSchedule schedule = schedule(lr, at + ".momentum_optimizer.learning_rate");
    boolean flip = false;
    for (var step : t.getDataAugmentationOptionsList()) {
      if (step.hasRandomHorizontalFlip()) {
        flip = true;
      } else if (!step.hasRandomVerticalFlip() && !step.hasRandomAdjustBrightness()
          && !step.hasRandomAdjustContrast()) {
        throw new PipelineConfigException(source + ": train_config.data_augmentation_options is empty; give"
            + " random_horizontal_flip { } or remove it");
      }
    }
    return new TrainSettings(t.getBatchSize(), schedule, momentum, t.getGradientClippingByNorm(),
        t.getNumSteps(), flip, t.getMaxNumberOfBoxes(), t.getFineTuneCheckpoint(), fineTuneCheckpointType(t, source),
        t.getLoadAllDetectionCheckpointVars(),
        regexes(t.getFreezeVariablesList(), source, "freeze_variables"),
        regexes(t.getUpdateTrainableVariablesList(), source, "update_trainable_variables"),
        t.getKeepCheckpointEveryNHours());
  }

  /** The learning rate of each step, from whichever schedule the config names (checked by PipelineConfigChecks). */
  private static LearningRateSchedule schedule(LearningRate lr, String at) {
    switch (lr.getLearningRateCase()) {
      case CONSTANT_LEARNING_RATE:
        return LearningRateSchedule.constant(lr.getConstantLearningRate().getLearningRate());
      case MANUAL_STEP_LEARNING_RATE: {
        var s = lr.getManualStepLearningRate();
        return LearningRateSchedule.manualStep(s.getInitialLearningRate(),
            s.getScheduleList().stream().mapToLong(x -> x.getStep()).toArray(),
            s.getScheduleList().stream().mapToDouble(x -> x.getLearningRate()).toArray(), s.getWarmup());
      }
      case EXPONENTIAL_DECAY_LEARNING_RATE: {
        var e = lr.getExponentialDecayLearningRate();
        return LearningRateSchedule.exponentialDecay(e.getInitialLearningRate(),
            Integer.toUnsignedLong(e.getDecaySteps()), e.getDecayFactor(), e.getStaircase());
      }
      case COSINE_DECAY_LEARNING_RATE: {
        var c = lr.getCosineDecayLearningRate();
        return LearningRateSchedule.cosineDecay(c.getLearningRateBase(), Integer.toUnsignedLong(c.getTotalSteps()),
            c.getWarmupLearningRate(), Integer.toUnsignedLong(c.getWarmupSteps()),
            Integer.toUnsignedLong(c.getHoldBaseRateSteps()));
      }
      default:
        throw new PipelineConfigException(at + " is required: constant_learning_rate, manual_step_learning_rate,"
            + " exponential_decay_learning_rate or cosine_decay_learning_rate");
    }
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
    return new InputSettings(r.getTfRecordInputReader().getInputPathList(), r.getLabelMapPath(), r.getShuffle(),
        Integer.toUnsignedLong(r.getNumEpochs()));
  }
}
