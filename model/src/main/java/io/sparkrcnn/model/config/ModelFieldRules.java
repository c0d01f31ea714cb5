package io.sparkrcnn.model.config;

import static io.sparkrcnn.model.config.FieldRules.approximated;
import static io.sparkrcnn.model.config.FieldRules.fixed;
import static io.sparkrcnn.model.config.FieldRules.harmless;
import static io.sparkrcnn.model.config.FieldRules.honoured;
import static io.sparkrcnn.model.config.PipelineFields.UNSET;

import io.sparkrcnn.model.backbone.Backbone;
import io.sparkrcnn.model.config.PipelineFields.Rule;
import java.util.List;
import java.util.Map;

/** {@link PipelineFields}' rules for the model's fields ({@code DetectionModel} and what it holds). */
final class ModelFieldRules {
  private ModelFieldRules() {}

  static List<Map.Entry<String, Rule>> rules() {
    return List.of(
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
        harmless("Hyperparams.op",
            "the regularizer and initializer apply to the layers they configure whatever op says"),
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
        honoured("BatchNonMaxSuppression.max_total_detections"));
  }
}
