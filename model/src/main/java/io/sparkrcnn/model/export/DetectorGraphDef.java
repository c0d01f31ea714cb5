package io.sparkrcnn.model.export;

import io.sparkrcnn.model.backbone.Backbone;
import io.sparkrcnn.model.config.ModelSettings;
import io.sparkrcnn.model.detector.Detector;
import io.sparkrcnn.model.detector.FasterRcnnGraph;
import io.sparkrcnn.model.input.KeepAspectRatioResizer;
import io.sparkrcnn.model.roi.BoxClassifier;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.tensorflow.proto.GraphDef;

/**
 * A trained SparkRCNN detector as one frozen TensorFlow {@code GraphDef} that computes what {@link Detector} does:
 * the input and our preprocessing ({@link InputNodes}), the backbone and RPN heads ({@link ComputationGraphNodes},
 * batch norms folded), proposals ({@link ProposalNodes}), RoI crops and the box head ({@link BoxHeadNodes}) and
 * post-processing ({@link PostProcessingNodes}), with the Object Detection API's tensor names: input
 * {@code image_tensor} (or {@code encoded_image_string_tensor}), outputs {@code detection_boxes},
 * {@code detection_scores}, {@code detection_classes}, {@code num_detections}. Weights are constants; no node of the
 * losses or of training is written.
 */
public final class DetectorGraphDef {
  public static final List<String> OUTPUTS = List.of(PostProcessingNodes.BOXES, PostProcessingNodes.SCORES,
      PostProcessingNodes.CLASSES, PostProcessingNodes.NUM);
  private static final String SECOND_STAGE_INPUT = "second_stage/input";

  private DetectorGraphDef() {}

  /**
   * The graph of {@code graph} (a trained detector, batch norms folded or not) with the resizer and post-processing
   * of {@code model}; {@link IllegalArgumentException} when the config does not fit the graph.
   */
  public static GraphDef build(ComputationGraph graph, ModelSettings model, ExportInput input) {
    String mismatch = FasterRcnnGraph.mismatch(graph, model);
    if (mismatch != null) {
      throw new IllegalArgumentException("the checkpoint does not fit the config: " + mismatch);
    }
    BoxClassifier c = (BoxClassifier) graph.getLayer(FasterRcnnGraph.BOX_CLASSIFIER).conf().getLayer();
    GraphDefBuilder g = new GraphDefBuilder();
    InputNodes.Prepared prepared = InputNodes.write(g, input, new KeepAspectRatioResizer(model.minDimension(),
        model.maxDimension()));
    ComputationGraphNodes nodes = new ComputationGraphNodes(graph);
    String featuresVertex = graph.getConfiguration().getVertexInputs().get(SECOND_STAGE_INPUT).get(0);
    String features = nodes.write(g, Map.of(FasterRcnnGraph.INPUT, prepared.canvas()), featuresVertex);
    String rpnConv = nodes.write(g, Map.of(featuresVertex, features), "rpn/conv");
    String objectness = nodes.write(g, Map.of("rpn/conv", rpnConv), "rpn/objectness");
    String codes = nodes.write(g, Map.of("rpn/conv", rpnConv), "rpn/box_codes");
    int grid = Backbone.featureSize(model.canvasSize());
    ProposalNodes.Proposals proposals = ProposalNodes.write(g, objectness, codes, c, grid, grid);
    BoxHeadNodes.Predictions predictions = BoxHeadNodes.write(g, features, proposals.boxes(), c,
        graph.getLayer(FasterRcnnGraph.BOX_CLASSIFIER).paramTable(), grid, grid);
    PostProcessingNodes.write(g, proposals, predictions, prepared, c.numClasses(), c.maxProposals(),
        model.postProcessing());
    return g.build();
  }
}
