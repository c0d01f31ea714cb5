package io.sparkrcnn.model.export;

import static io.sparkrcnn.model.roi.BoxClassifierParams.BOX_B;
import static io.sparkrcnn.model.roi.BoxClassifierParams.BOX_W;
import static io.sparkrcnn.model.roi.BoxClassifierParams.CLASS_B;
import static io.sparkrcnn.model.roi.BoxClassifierParams.CLASS_W;
import static io.sparkrcnn.model.roi.BoxClassifierParams.HIDDEN_B;
import static io.sparkrcnn.model.roi.BoxClassifierParams.HIDDEN_W;
import static io.sparkrcnn.model.roi.BoxClassifierParams.REDUCE_B;
import static io.sparkrcnn.model.roi.BoxClassifierParams.REDUCE_W;

import io.sparkrcnn.model.roi.BoxClassifier;
import io.sparkrcnn.model.roi.BoxHead;
import io.sparkrcnn.model.roi.RoiAlign;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The second stage as TensorFlow nodes (scope {@code SecondStage}): {@link RoiAlign} as {@code CropAndResize} on the
 * feature map padded with a row and a column of zeros (boxes normalised to the canvas, then scaled so that sample
 * points stay where they are on the unpadded map; bilinear, 0 outside) and a VALID {@code MaxPool}, then {@link BoxHead}'s layers as
 * {@code MatMul}s on its parameters ({@code SecondStage/<key>} constants, each one parameter array of the layer),
 * and the class probabilities by {@code Softmax}.
 */
final class BoxHeadNodes {
  /** Class probabilities {@code [N·P, K + 1]} and box codes {@code [N·P, 4K]}. */
  record Predictions(String probabilities, String codes) {}

  private BoxHeadNodes() {}

  static Predictions write(GraphDefBuilder g, String features, String proposals, BoxClassifier c,
      Map<String, INDArray> params, int gridH, int gridW) {
    TfNodes t = new TfNodes(g, "SecondStage");
    int slots = c.maxProposals();
    String images = t.element("batch_size", t.op("Shape", "features_shape", List.of(features), Map.of("T",
        Attrs.type(TfNodes.F32))), TfNodes.I32, 0);
    String imageOf = t.reshape("box_image", t.op("Tile", "box_image_grid", List.of(t.expandDims("image_index",
        t.range("images", t.i32Scalar("start", 0), images, t.i32Scalar("delta", 1)), TfNodes.I32, 1),
        t.i32("multiples", 1, slots)), Map.of("T", Attrs.type(TfNodes.I32), "Tmultiples", Attrs.type(TfNodes.I32))),
        TfNodes.I32, -1);
    String crops = crops(t, features, t.reshape("proposal_boxes", proposals, TfNodes.F32, -1, 4), imageOf,
        c.cropSize(), c.anchors().canvasSize(), gridH, gridW);
    String pooled = t.op("MaxPool", "MaxPool", List.of(crops), Map.of("T", Attrs.type(TfNodes.F32), "data_format",
        Attrs.string("NHWC"), "ksize", Attrs.ints(1, c.poolKernel(), c.poolKernel(), 1), "strides",
        Attrs.ints(1, c.poolStride(), c.poolStride(), 1), "padding", Attrs.string("VALID")));
    int cells = c.pooledSize() * c.pooledSize();
    String x = t.reshape("cells", pooled, TfNodes.F32, -1, c.featureChannels());
    String reduced = dense(t, "reduce", x, params, REDUCE_W, REDUCE_B, true);
    String perRoi = t.reshape("roi_features", reduced, TfNodes.F32, -1, cells * c.reducedChannels());
    String hidden = dense(t, "hidden", perRoi, params, HIDDEN_W, HIDDEN_B, true);
    String logits = dense(t, "class", hidden, params, CLASS_W, CLASS_B, false);
    String codes = dense(t, "box", hidden, params, BOX_W, BOX_B, false);
    return new Predictions(t.t("Softmax", "class_probabilities", TfNodes.F32, logits), codes);
  }

  /**
   * {@code CropAndResize} of boxes {@code [R, 4]} (canvas pixels) of images {@code boxImage [R]} of the feature map
   * {@code [N, gridH, gridW, C]} padded with one row and column of zeros, sampling where {@link RoiAlign} does.
   */
  static String crops(TfNodes t, String features, String boxes, String boxImage, int cropSize, float canvas,
      int gridH, int gridW) {
    String normalised = t.t("RealDiv", "normalised_boxes", TfNodes.F32, boxes, t.f32Scalar("canvas", canvas));
    float sy = (gridH - 1f) / gridH;
    float sx = (gridW - 1f) / gridW;
    String scaled = t.t("Mul", "padded_map_boxes", TfNodes.F32, normalised, t.f32("padded_map_scale", sy, sx, sy,
        sx));
    String padded = t.op("Pad", "padded_features", List.of(features, t.reshape("paddings", t.i32("paddings_values",
        0, 0, 0, 1, 0, 1, 0, 0), TfNodes.I32, 4, 2)), Map.of("T", Attrs.type(TfNodes.F32), "Tpaddings",
        Attrs.type(TfNodes.I32)));
    return t.op("CropAndResize", "CropAndResize", List.of(padded, scaled, boxImage, t.i32("crop_size", cropSize,
        cropSize)), Map.of("T", Attrs.type(TfNodes.F32), "method", Attrs.string("bilinear"), "extrapolation_value",
        Attrs.real(0)));
  }

  private static String dense(TfNodes t, String n, String x, Map<String, INDArray> params, String w, String b,
      boolean relu) {
    String weights = t.graph().constant(t.name(w), params.get(w));
    String bias = t.graph().constant(t.name(b), params.get(b));
    String out = t.t("AddV2", n, TfNodes.F32, t.matMul(n + "/MatMul", x, weights), bias);
    return relu ? t.t("Relu", n + "/Relu", TfNodes.F32, out) : out;
  }
}
