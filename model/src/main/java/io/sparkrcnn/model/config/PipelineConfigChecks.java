package io.sparkrcnn.model.config;

import io.sparkrcnn.model.config.proto.FasterRcnn;
import io.sparkrcnn.model.config.proto.GridAnchorGenerator;
import io.sparkrcnn.model.config.proto.LearningRate;
import io.sparkrcnn.model.config.proto.ManualStepLearningRate;
import io.sparkrcnn.model.config.proto.TrainConfig;
import io.sparkrcnn.model.config.proto.TrainEvalPipelineConfig;
import java.util.Set;

/** Value checks on a parsed pipeline config: each problem is one message naming the field and what it must be. */
final class PipelineConfigChecks {
  /** The backbones this project builds. */
  static final Set<String> FEATURE_EXTRACTORS = Set.of("faster_rcnn_tiny", "faster_rcnn_resnet50",
      "faster_rcnn_resnet101", "faster_rcnn_resnet152");

  private final String source;

  private PipelineConfigChecks(String source) {
    this.source = source;
  }

  static void check(TrainEvalPipelineConfig config, String source) {
    new PipelineConfigChecks(source).run(config);
  }

  private void run(TrainEvalPipelineConfig config) {
    if (!config.getModel().hasFasterRcnn()) {
      fail("model { faster_rcnn { ... } } is required");
    }
    FasterRcnn f = config.getModel().getFasterRcnn();
    String m = "model.faster_rcnn.";
    atLeast(m + "num_classes", f.getNumClasses(), 1);
    String type = f.getFeatureExtractor().getType();
    if (!FEATURE_EXTRACTORS.contains(type)) {
      fail(m + "feature_extractor.type '" + type + "' is not one of " + FEATURE_EXTRACTORS.stream().sorted().toList());
    }
    if (f.getImageResizer().hasKeepAspectRatioResizer()) {
      var r = f.getImageResizer().getKeepAspectRatioResizer();
      atLeast(m + "image_resizer.keep_aspect_ratio_resizer.min_dimension", r.getMinDimension(), 1);
      atLeast(m + "image_resizer.keep_aspect_ratio_resizer.max_dimension", r.getMaxDimension(), r.getMinDimension());
    } else if (f.getImageResizer().hasFixedShapeResizer()) {
      var fixed = f.getImageResizer().getFixedShapeResizer();
      atLeast(m + "image_resizer.fixed_shape_resizer.height", fixed.getHeight(), 1);
      atLeast(m + "image_resizer.fixed_shape_resizer.width", fixed.getWidth(), 1);
    } else {
      fail(m + "image_resizer is required (keep_aspect_ratio_resizer or fixed_shape_resizer)");
    }
    if (!f.getFirstStageAnchorGenerator().hasGridAnchorGenerator()) {
      fail(m + "first_stage_anchor_generator.grid_anchor_generator is required");
    }
    GridAnchorGenerator g = f.getFirstStageAnchorGenerator().getGridAnchorGenerator();
    String a = m + "first_stage_anchor_generator.grid_anchor_generator.";
    if (g.getScalesCount() == 0 || g.getScalesList().stream().anyMatch(s -> !(s > 0))) {
      fail(a + "scales must be a non-empty list of positive numbers");
    }
    if (g.getAspectRatiosCount() == 0 || g.getAspectRatiosList().stream().anyMatch(s -> !(s > 0))) {
      fail(a + "aspect_ratios must be a non-empty list of positive numbers");
    }
    atLeast(a + "height", g.getHeight(), 1);
    atLeast(a + "width", g.getWidth(), 1);
    fraction(m + "first_stage_nms_iou_threshold", f.getFirstStageNmsIouThreshold(), false);
    fraction(m + "first_stage_positive_balance_fraction", f.getFirstStagePositiveBalanceFraction(), false);
    atLeast(m + "first_stage_max_proposals", f.getFirstStageMaxProposals(), 1);
    atLeast(m + "first_stage_minibatch_size", f.getFirstStageMinibatchSize(), 1);
    atLeast(m + "initial_crop_size", f.getInitialCropSize(), 1);
    atLeast(m + "maxpool_kernel_size", f.getMaxpoolKernelSize(), 1);
    atLeast(m + "maxpool_stride", f.getMaxpoolStride(), 1);
    atLeast(m + "second_stage_batch_size", f.getSecondStageBatchSize(), 1);
    fraction(m + "second_stage_balance_fraction", f.getSecondStageBalanceFraction(), false);
    var nms = f.getSecondStagePostProcessing().getBatchNonMaxSuppression();
    String p = m + "second_stage_post_processing.batch_non_max_suppression.";
    fraction(p + "iou_threshold", nms.getIouThreshold(), false);
    fraction(p + "score_threshold", nms.getScoreThreshold(), true);
    atLeast(p + "max_detections_per_class", nms.getMaxDetectionsPerClass(), 1);
    atLeast(p + "max_total_detections", nms.getMaxTotalDetections(), 1);
    for (var w : new Object[][] {
        {"first_stage_localization_loss_weight", f.getFirstStageLocalizationLossWeight()},
        {"first_stage_objectness_loss_weight", f.getFirstStageObjectnessLossWeight()},
        {"second_stage_localization_loss_weight", f.getSecondStageLocalizationLossWeight()},
        {"second_stage_classification_loss_weight", f.getSecondStageClassificationLossWeight()}}) {
      if (!((Float) w[1] >= 0)) {
        fail(m + w[0] + " is " + w[1] + "; it must be 0 or more");
      }
    }
    checkTraining(config.getTrainConfig());
    if (config.getEvalInputReaderCount() > 1) {
      fail("eval_input_reader is given " + config.getEvalInputReaderCount() + " times; only one is supported");
    }
  }

  private void checkTraining(TrainConfig t) {
    atLeast("train_config.batch_size", t.getBatchSize(), 1);
    if (!(t.getGradientClippingByNorm() >= 0)) {
      fail("train_config.gradient_clipping_by_norm is " + t.getGradientClippingByNorm()
          + "; it must be 0 (off) or more");
    }
    if (!(t.getKeepCheckpointEveryNHours() > 0)) {
      fail("train_config.keep_checkpoint_every_n_hours is " + t.getKeepCheckpointEveryNHours()
          + "; it must be above 0 (the default 10000 keeps only the last --keep_checkpoint_max)");
    }
    if (t.getOptimizer().hasMomentumOptimizer()) {
      float momentum = t.getOptimizer().getMomentumOptimizer().getMomentumOptimizerValue();
      if (!(momentum >= 0 && momentum < 1)) {
        fail("train_config.optimizer.momentum_optimizer.momentum_optimizer_value is " + momentum
            + "; it must be in [0, 1)");
      }
      checkLearningRate(t.getOptimizer().getMomentumOptimizer().getLearningRate(),
          "train_config.optimizer.momentum_optimizer.learning_rate.");
    }
  }

  private void checkLearningRate(LearningRate lr, String at) {
    if (lr.hasConstantLearningRate()) {
      above(at + "constant_learning_rate.learning_rate", lr.getConstantLearningRate().getLearningRate());
    } else if (lr.hasManualStepLearningRate()) {
      checkSchedule(lr.getManualStepLearningRate(), at + "manual_step_learning_rate");
    } else if (lr.hasExponentialDecayLearningRate()) {
      var e = lr.getExponentialDecayLearningRate();
      String x = at + "exponential_decay_learning_rate.";
      above(x + "initial_learning_rate", e.getInitialLearningRate());
      atLeast(x + "decay_steps", e.getDecaySteps(), 1);
      if (!(e.getDecayFactor() > 0)) {
        fail(x + "decay_factor is " + e.getDecayFactor() + "; it must be above 0");
      }
    } else if (lr.hasCosineDecayLearningRate()) {
      var c = lr.getCosineDecayLearningRate();
      String x = at + "cosine_decay_learning_rate.";
      above(x + "learning_rate_base", c.getLearningRateBase());
      if (!(c.getWarmupLearningRate() >= 0 && c.getWarmupLearningRate() <= c.getLearningRateBase())) {
        fail(x + "warmup_learning_rate is " + c.getWarmupLearningRate() + "; it must be from 0 to learning_rate_base ("
            + c.getLearningRateBase() + ")");
      }
      long warm = Integer.toUnsignedLong(c.getWarmupSteps()) + Integer.toUnsignedLong(c.getHoldBaseRateSteps());
      if (Integer.toUnsignedLong(c.getTotalSteps()) <= warm) {
        fail(x + "total_steps is " + Integer.toUnsignedLong(c.getTotalSteps()) + "; it must be above warmup_steps +"
            + " hold_base_rate_steps (" + warm + ")");
      }
    }
  }

  /**
   * The reference's manual stepping: boundaries 0 or more and strictly increasing (a boundary at 0 gives its rate
   * from the first step); with {@code warmup}, the first boundary must be above 0 (the ramp ends there).
   */
  private void checkSchedule(ManualStepLearningRate s, String at) {
    above(at + ".initial_learning_rate", s.getInitialLearningRate());
    for (int i = 0; i < s.getScheduleCount(); i++) {
      var step = s.getSchedule(i);
      if (step.getStep() < 0) {
        fail(at + ".schedule[" + i + "].step is " + step.getStep() + "; steps must be 0 or more");
      }
      if (i > 0 && step.getStep() <= s.getSchedule(i - 1).getStep()) {
        fail(at + ".schedule[" + i + "].step is " + step.getStep() + ", not above schedule[" + (i - 1) + "].step ("
            + s.getSchedule(i - 1).getStep() + "); steps must increase");
      }
      above(at + ".schedule[" + i + "].learning_rate", step.getLearningRate());
    }
    if (s.getWarmup() && s.getScheduleCount() > 0 && s.getSchedule(0).getStep() == 0) {
      fail(at + ".warmup is true but schedule[0].step is 0; warm-up ramps up to the first step, which must be above 0");
    }
  }

  private void above(String field, float value) {
    if (!(value > 0)) {
      fail(field + " is " + value + "; it must be above 0");
    }
  }

  private void atLeast(String field, long value, long min) {
    if (value < min) {
      fail(field + " is " + value + "; it must be at least " + min);
    }
  }

  private void fraction(String field, float value, boolean zeroAllowed) {
    if (!((zeroAllowed ? value >= 0 : value > 0) && value <= 1)) {
      fail(field + " is " + value + "; it must be in " + (zeroAllowed ? "[0, 1]" : "(0, 1]"));
    }
  }

  private void fail(String message) {
    throw new PipelineConfigException(source + ": " + message);
  }
}
