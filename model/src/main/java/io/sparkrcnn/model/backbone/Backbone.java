package io.sparkrcnn.model.backbone;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;

/**
 * A first-stage feature extractor: layers from the image to a feature map of stride {@link #STRIDE}, plus the sizes
 * of the second-stage box head that goes with it.
 */
public interface Backbone {
  /**
   * The feature stride of every backbone, the one home of it: a feature cell per {@code STRIDE × STRIDE} canvas
   * pixels (a map of {@code ceil(canvas / STRIDE)} cells a side), the anchor grid's stride, the reference's
   * {@code first_stage_features_stride}; configs asking for another are refused.
   */
  int STRIDE = 16;

  /** Side of the feature map of a {@code canvas}-pixel square input: {@code ceil(canvas / STRIDE)} cells. */
  static int featureSize(int canvas) {
    return (canvas + STRIDE - 1) / STRIDE;
  }

  /** Adds the layers reading {@code input}; returns the name of the vertex giving the features. */
  String addTo(GraphBuilder graph, String input);

  /** Channels of the feature map. */
  int channels();

  /** Channels of the box head's 1×1 reduction of the RoI crops. */
  int headReducedChannels();

  /** Units of the box head's hidden fully connected layer. */
  int headHiddenUnits();

  /** The backbone named by a config's {@code feature_extractor.type}. */
  static Backbone named(String type, boolean batchNormTrainable) {
    return switch (type) {
      case "faster_rcnn_tiny" -> new TinyBackbone();
      case "faster_rcnn_resnet50" -> ResNetBackbone.resnet50(batchNormTrainable);
      case "faster_rcnn_resnet101" -> ResNetBackbone.resnet101(batchNormTrainable);
      case "faster_rcnn_resnet152" -> ResNetBackbone.resnet152(batchNormTrainable);
      default -> throw new IllegalArgumentException("unknown feature extractor '" + type + "'");
    };
  }
}
