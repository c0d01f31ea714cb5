package io.sparkrcnn.model.config;

import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.sparkrcnn.model.backbone.Backbone;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What SparkRCNN does with each field of {@code pipeline.proto}, the one list of them: {@link Use#HONOURED} (read
 * and applied), {@link Use#FIXED} (must keep one value, refused by name otherwise), {@link Use#HARMLESS} (accepted,
 * with no effect on results for us; the reason says why) or {@link Use#APPROXIMATED} (read, done as our design
 * does it; the note says how). Rules are by the field's full name, a few refined by where the field sits
 * ({@link #BY_PATH}). {@link #check} walks a parsed config and refuses the first fixed field with another value.
 */
public final class PipelineFields {
  /** What is done with a field. */
  public enum Use { HONOURED, FIXED, HARMLESS, APPROXIMATED }

  /** A {@link Use#FIXED} message field that must not be set. */
  public static final Object UNSET = new Object() {
    @Override
    public String toString() {
      return "unset";
    }
  };

  /** One field's rule: its use, the value a fixed field must keep, and why (what we support instead). */
  public record Rule(Use use, Object allowed, String note) {}

  private static final String PACKAGE = "object_detection.protos.";

  /** Rules by full field name without the package, e.g. {@code FasterRcnn.first_stage_atrous_rate}. */
  static final Map<String, Rule> BY_NAME = rules(
      honoured("TrainEvalPipelineConfig.model"),
      honoured("TrainEvalPipelineConfig.train_config"),
      honoured("TrainEvalPipelineConfig.train_input_reader"),
      honoured("TrainEvalPipelineConfig.eval_config"),
      honoured("TrainEvalPipelineConfig.eval_input_reader"),
      honoured("DetectionModel.faster_rcnn"),
      fixed("FasterRcnn.number_of_stages", 2, "RPN-only models are not built"),
      honoured("FasterRcnn.num_classes"),
      honoured("FasterRcnn.image_resizer"),
      honoured("FasterRcnn.feature_extractor"),
      honoured("FasterRcnn.first_stage_anchor_generator"),
      fixed("FasterRcnn.first_stage_atrous_rate", 1, "no atrous convolution in block 3"),
      honoured("FasterRcnn.first_stage_box_predictor_conv_hyperparams"),
      honoured("FasterRcnn.first_stage_box_predictor_kernel_size"),
      honoured("FasterRcnn.first_stage_box_predictor_depth"),
      honoured("FasterRcnn.first_stage_minibatch_size"),
      honoured("FasterRcnn.first_stage_positive_balance_fraction"),
      honoured("FasterRcnn.first_stage_nms_score_threshold"),
      honoured("FasterRcnn.first_stage_nms_iou_threshold"),
      honoured("FasterRcnn.first_stage_max_proposals"),
      honoured("FasterRcnn.first_stage_localization_loss_weight"),
      honoured("FasterRcnn.first_stage_objectness_loss_weight"),
      honoured("FasterRcnn.initial_crop_size"),
      honoured("FasterRcnn.maxpool_kernel_size"),
      honoured("FasterRcnn.maxpool_stride"),
      honoured("FasterRcnn.second_stage_box_predictor"),
      honoured("FasterRcnn.second_stage_batch_size"),
      honoured("FasterRcnn.second_stage_balance_fraction"),
      honoured("FasterRcnn.second_stage_post_processing"),
      honoured("FasterRcnn.second_stage_localization_loss_weight"),
      honoured("FasterRcnn.second_stage_classification_loss_weight"),
      fixed("FasterRcnn.inplace_batchnorm_update", false, "batch-norm statistics update as DL4J does it"),
      harmless("FasterRcnn.use_matmul_crop_and_resize", "the same bilinear crop, computed another way (for TPUs)"),
      honoured("FasterRcnn.clip_anchors_to_image"),
      fixed("FasterRcnn.use_static_shapes", false, "TPU static-shape NMS and sampling are not built"),
      honoured("ImageResizer.keep_aspect_ratio_resizer"),
      honoured("ImageResizer.fixed_shape_resizer"),
      honoured("KeepAspectRatioResizer.min_dimension"),
      honoured("KeepAspectRatioResizer.max_dimension"),
      approximated("KeepAspectRatioResizer.pad_to_max_dimension",
          "every image is padded to the square max_dimension canvas (one shape per batch); boxes stay in the"
          + " resized image"),
      honoured("FixedShapeResizer.height"),
      honoured("FixedShapeResizer.width"),
      honoured("FasterRcnnFeatureExtractor.type"),
      fixed("FasterRcnnFeatureExtractor.first_stage_features_stride", Backbone.STRIDE, ""),
      honoured("FasterRcnnFeatureExtractor.batch_norm_trainable"),
      honoured("AnchorGenerator.grid_anchor_generator"),
      honoured("GridAnchorGenerator.height"),
      honoured("GridAnchorGenerator.width"),
      fixed("GridAnchorGenerator.height_stride", Backbone.STRIDE, "the feature stride"),
      fixed("GridAnchorGenerator.width_stride", Backbone.STRIDE, "the feature stride"),
      honoured("GridAnchorGenerator.height_offset"),
      honoured("GridAnchorGenerator.width_offset"),
      honoured("GridAnchorGenerator.scales"),
      honoured("GridAnchorGenerator.aspect_ratios"),
      harmless("Hyperparams.op", "the regularizer and initializer apply to the layers they configure whatever op says"),
      honoured("Hyperparams.regularizer"),
      honoured("Hyperparams.initializer"),
      fixed("Hyperparams.activation", "RELU", "the RPN conv and the hidden box-head layer are ReLU"),
      fixed("Hyperparams.batch_norm", UNSET, "no batch norm in the RPN conv or the box head"),
      fixed("Regularizer.l1_regularizer", UNSET, "only L2 is applied"),
      honoured("Regularizer.l2_regularizer"),
      harmless("L1Regularizer.weight", "never read, l1_regularizer itself is refused"),
      honoured("L2Regularizer.weight"),
      honoured("Initializer.truncated_normal_initializer"),
      approximated("Initializer.variance_scaling_initializer",
          "for the box head (its own initialisation); refused for the RPN conv"),
      honoured("Initializer.random_normal_initializer"),
      fixed("TruncatedNormalInitializer.mean", 0, ""),
      honoured("TruncatedNormalInitializer.stddev"),
      fixed("RandomNormalInitializer.mean", 0, ""),
      honoured("RandomNormalInitializer.stddev"),
      approximated("VarianceScalingInitializer.factor",
          "the box head starts He-normal (hidden), N(0, 0.01) (classes), N(0, 0.001) (boxes)"),
      approximated("VarianceScalingInitializer.uniform", "as factor"),
      approximated("VarianceScalingInitializer.mode", "as factor"),
      harmless("BatchNorm.decay", "never read, batch_norm itself is refused"),
      harmless("BatchNorm.center", "never read, batch_norm itself is refused"),
      harmless("BatchNorm.scale", "never read, batch_norm itself is refused"),
      harmless("BatchNorm.epsilon", "never read, batch_norm itself is refused"),
      harmless("BatchNorm.train", "never read, batch_norm itself is refused"),
      honoured("BoxPredictor.mask_rcnn_box_predictor"),
      honoured("MaskRCNNBoxPredictor.fc_hyperparams"),
      fixed("MaskRCNNBoxPredictor.use_dropout", false, ""),
      harmless("MaskRCNNBoxPredictor.dropout_keep_probability", "read only with use_dropout, which must be false"),
      fixed("MaskRCNNBoxPredictor.box_code_size", 4, ""),
      fixed("MaskRCNNBoxPredictor.share_box_across_classes", false, "one box per class"),
      honoured("PostProcessing.batch_non_max_suppression"),
      fixed("PostProcessing.score_converter", "SOFTMAX", ""),
      fixed("PostProcessing.logit_scale", 1, ""),
      honoured("BatchNonMaxSuppression.score_threshold"),
      honoured("BatchNonMaxSuppression.iou_threshold"),
      honoured("BatchNonMaxSuppression.max_detections_per_class"),
      honoured("BatchNonMaxSuppression.max_total_detections"),
      honoured("TrainConfig.batch_size"),
      honoured("TrainConfig.data_augmentation_options"),
      fixed("TrainConfig.sync_replicas", false,
          "workers and averaging are set by --num_workers and --averaging_frequency"),
      honoured("TrainConfig.keep_checkpoint_every_n_hours"),
      honoured("TrainConfig.optimizer"),
      honoured("TrainConfig.gradient_clipping_by_norm"),
      honoured("TrainConfig.fine_tune_checkpoint"),
      honoured("TrainConfig.fine_tune_checkpoint_type"),
      honoured("TrainConfig.from_detection_checkpoint"),
      honoured("TrainConfig.load_all_detection_checkpoint_vars"),
      honoured("TrainConfig.num_steps"),
      harmless("TrainConfig.startup_delay_steps",
          "staggers asynchronous workers' start in the reference; our workers start each round together"),
      fixed("TrainConfig.replicas_to_aggregate", 1, "read only with sync_replicas"),
      harmless("TrainConfig.batch_queue_capacity", "input queue size, not what is read"),
      harmless("TrainConfig.num_batch_queue_threads", "input threads, not what is read"),
      harmless("TrainConfig.prefetch_queue_capacity", "input queue size, not what is read (see --prefetch_batches)"),
      fixed("TrainConfig.merge_multiple_label_boxes", false, ""),
      fixed("TrainConfig.add_regularization_loss", true, "the L2 weights always apply"),
      honoured("TrainConfig.max_number_of_boxes"),
      harmless("TrainConfig.unpad_groundtruth_tensors", "padded ground-truth rows are masked out either way"),
      honoured("TrainConfig.freeze_variables"),
      honoured("TrainConfig.update_trainable_variables"),
      fixed("TrainConfig.use_bfloat16", false, "float32"),
      honoured("PreprocessingStep.random_horizontal_flip"),
      fixed("PreprocessingStep.random_vertical_flip", UNSET, ""),
      fixed("PreprocessingStep.random_adjust_brightness", UNSET, ""),
      fixed("PreprocessingStep.random_adjust_contrast", UNSET, ""),
      harmless("RandomHorizontalFlip.keypoint_flip_permutation", "no keypoints are read"),
      harmless("RandomVerticalFlip.keypoint_flip_permutation", "never read, random_vertical_flip itself is refused"),
      harmless("RandomAdjustBrightness.max_delta", "never read, random_adjust_brightness itself is refused"),
      harmless("RandomAdjustContrast.min_delta", "never read, random_adjust_contrast itself is refused"),
      harmless("RandomAdjustContrast.max_delta", "never read, random_adjust_contrast itself is refused"),
      fixed("Optimizer.rms_prop_optimizer", UNSET, "momentum_optimizer only"),
      honoured("Optimizer.momentum_optimizer"),
      fixed("Optimizer.adam_optimizer", UNSET, "momentum_optimizer only"),
      fixed("Optimizer.use_moving_average", false, ""),
      harmless("Optimizer.moving_average_decay", "read only with use_moving_average, which must be false"),
      harmless("RMSPropOptimizer.learning_rate", "never read, rms_prop_optimizer itself is refused"),
      harmless("RMSPropOptimizer.momentum_optimizer_value", "never read, rms_prop_optimizer itself is refused"),
      harmless("RMSPropOptimizer.decay", "never read, rms_prop_optimizer itself is refused"),
      harmless("RMSPropOptimizer.epsilon", "never read, rms_prop_optimizer itself is refused"),
      honoured("MomentumOptimizer.learning_rate"),
      approximated("MomentumOptimizer.momentum_optimizer_value",
          "the same coefficient, as Nesterov momentum (DL4J has no heavy-ball momentum)"),
      harmless("AdamOptimizer.learning_rate", "never read, adam_optimizer itself is refused"),
      harmless("AdamOptimizer.epsilon", "never read, adam_optimizer itself is refused"),
      honoured("LearningRate.constant_learning_rate"),
      honoured("LearningRate.exponential_decay_learning_rate"),
      honoured("LearningRate.manual_step_learning_rate"),
      honoured("LearningRate.cosine_decay_learning_rate"),
      honoured("ConstantLearningRate.learning_rate"),
      honoured("ExponentialDecayLearningRate.initial_learning_rate"),
      honoured("ExponentialDecayLearningRate.decay_steps"),
      honoured("ExponentialDecayLearningRate.decay_factor"),
      honoured("ExponentialDecayLearningRate.staircase"),
      honoured("ManualStepLearningRate.LearningRateSchedule.step"),
      honoured("ManualStepLearningRate.LearningRateSchedule.learning_rate"),
      honoured("ManualStepLearningRate.initial_learning_rate"),
      honoured("ManualStepLearningRate.schedule"),
      honoured("ManualStepLearningRate.warmup"),
      honoured("CosineDecayLearningRate.learning_rate_base"),
      honoured("CosineDecayLearningRate.total_steps"),
      honoured("CosineDecayLearningRate.warmup_learning_rate"),
      honoured("CosineDecayLearningRate.warmup_steps"),
      honoured("CosineDecayLearningRate.hold_base_rate_steps"),
      honoured("InputReader.label_map_path"),
      honoured("InputReader.shuffle"),
      harmless("InputReader.shuffle_buffer_size", "records are shuffled as a whole, not through a buffer"),
      harmless("InputReader.filenames_shuffle_buffer_size", "records are shuffled as a whole, not through a buffer"),
      harmless("InputReader.queue_capacity", "input queue size, not what is read"),
      harmless("InputReader.min_after_dequeue", "input queue size, not what is read"),
      honoured("InputReader.num_epochs"),
      harmless("InputReader.num_readers", "parallel readers, not what is read"),
      fixed("InputReader.sample_1_of_n_examples", 1, ""),
      fixed("InputReader.load_instance_masks", false, "no masks"),
      honoured("InputReader.tf_record_input_reader"),
      honoured("TFRecordInputReader.input_path"),
      harmless("EvalConfig.num_visualizations", "no images are written"),
      honoured("EvalConfig.num_examples"),
      harmless("EvalConfig.eval_interval_secs", "eval evaluates the given checkpoint once per run"),
      harmless("EvalConfig.max_evals", "eval evaluates the given checkpoint once per run, within any limit"),
      harmless("EvalConfig.save_graph", "no graph is written"),
      fixed("EvalConfig.visualization_export_dir", "", "no detection images are written"),
      harmless("EvalConfig.eval_master", "the Spark master comes from spark-submit"),
      honoured("EvalConfig.metrics_set"),
      fixed("EvalConfig.export_path", "", "no detection images are written"),
      fixed("EvalConfig.ignore_groundtruth", false, ""),
      fixed("EvalConfig.use_moving_averages", false, "no moving averages are kept"),
      fixed("EvalConfig.eval_instance_masks", false, "no masks"),
      harmless("EvalConfig.min_score_threshold", "a visualization threshold, no images are written"),
      harmless("EvalConfig.max_num_boxes_to_visualize", "no images are written"),
      fixed("EvalConfig.include_metrics_per_category", false, "metrics.json always has the PASCAL AP of each"
          + " category; COCO metrics per category are not computed"));

  /** Rules for a field at a place in the config (a path without indices), before {@link #BY_NAME}. */
  static final Map<String, Rule> BY_PATH = Map.of(
      "eval_input_reader.shuffle", new Rule(Use.HARMLESS, null, "metrics do not depend on the order"),
      "eval_input_reader.num_epochs", new Rule(Use.HARMLESS, null, "eval reads each record once"),
      "model.faster_rcnn.first_stage_box_predictor_conv_hyperparams.initializer.variance_scaling_initializer",
      new Rule(Use.FIXED, UNSET, "the RPN conv starts from truncated_normal_initializer or"
          + " random_normal_initializer"),
      "model.faster_rcnn.second_stage_box_predictor.mask_rcnn_box_predictor.fc_hyperparams.initializer",
      new Rule(Use.APPROXIMATED, null, "the box head starts He-normal (hidden), N(0, 0.01) (classes) and"
          + " N(0, 0.001) (boxes)"));

  private PipelineFields() {}

  /** The rule for a field at {@code path} (dotted field names from the top, no indices). */
  public static Rule rule(FieldDescriptor field, String path) {
    for (String p = path; !p.isEmpty(); p = p.contains(".") ? p.substring(0, p.lastIndexOf('.')) : "") {
      Rule r = BY_PATH.get(p);
      if (r != null && (p.equals(path) || r.use() == Use.APPROXIMATED)) {
        return r;
      }
    }
    return BY_NAME.get(field.getFullName().substring(PACKAGE.length()));
  }

  /** Refuses the first fixed field, set or defaulted in a message that is present, that has another value. */
  static void check(Message config, String source) {
    walk(config, "", source);
  }

  private static void walk(Message m, String at, String source) {
    for (FieldDescriptor f : m.getDescriptorForType().getFields()) {
      String path = at.isEmpty() ? f.getName() : at + "." + f.getName();
      Rule r = rule(f, path);
      if (r == null) {
        throw new IllegalStateException("pipeline field " + f.getFullName() + " has no rule in PipelineFields");
      }
      if (r.use() == Use.FIXED) {
        requireAllowed(m, f, path, r, source);
      }
      if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        if (f.isRepeated()) {
          for (int i = 0; i < m.getRepeatedFieldCount(f); i++) {
            walk((Message) m.getRepeatedField(f, i), path, source);
          }
        } else if (m.hasField(f)) {
          walk((Message) m.getField(f), path, source);
        }
      }
    }
  }

  private static void requireAllowed(Message m, FieldDescriptor f, String path, Rule r, String source) {
    String why = r.note().isEmpty() ? "" : " (" + r.note() + ")";
    if (r.allowed() == UNSET) {
      if (f.isRepeated() ? m.getRepeatedFieldCount(f) > 0 : m.hasField(f)) {
        throw new PipelineConfigException(source + ": " + path + " is not supported" + why);
      }
      return;
    }
    Object value = m.getField(f);
    Object shown = value instanceof EnumValueDescriptor e ? e.getName() : value;
    boolean same = value instanceof Number n ? n.doubleValue() == ((Number) r.allowed()).doubleValue()
        : shown.equals(r.allowed());
    if (!same) {
      boolean text = value instanceof String;
      throw new PipelineConfigException(source + ": " + path + " is " + (text ? "'" + shown + "'" : shown) + "; only "
          + (text ? "'" + r.allowed() + "'" : r.allowed()) + " is supported" + why);
    }
  }

  private static Map.Entry<String, Rule> honoured(String name) {
    return Map.entry(name, new Rule(Use.HONOURED, null, ""));
  }

  private static Map.Entry<String, Rule> fixed(String name, Object allowed, String note) {
    return Map.entry(name, new Rule(Use.FIXED, allowed, note));
  }

  private static Map.Entry<String, Rule> harmless(String name, String why) {
    return Map.entry(name, new Rule(Use.HARMLESS, null, why));
  }

  private static Map.Entry<String, Rule> approximated(String name, String how) {
    return Map.entry(name, new Rule(Use.APPROXIMATED, null, how));
  }

  @SafeVarargs
  private static Map<String, Rule> rules(Map.Entry<String, Rule>... entries) {
    Map<String, Rule> rules = new LinkedHashMap<>();
    for (Map.Entry<String, Rule> e : entries) {
      if (rules.put(e.getKey(), e.getValue()) != null) {
        throw new IllegalStateException("two rules for " + e.getKey());
      }
    }
    return Map.copyOf(rules);
  }
}
