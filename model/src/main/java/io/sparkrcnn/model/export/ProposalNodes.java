package io.sparkrcnn.model.export;

import io.sparkrcnn.model.anchors.AnchorGridSpec;
import io.sparkrcnn.model.box.FasterRcnnBoxCoder;
import io.sparkrcnn.model.roi.BoxClassifier;
import io.sparkrcnn.model.rpn.ProposalGenerator;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.DataType;

/**
 * The first stage's proposals as TensorFlow nodes (scope {@code FirstStage}), as {@link ProposalGenerator} computes
 * them: the anchor grid (from per-row, per-column and per-anchor constants, so no large constant), clipped to the
 * canvas; objectness as a float64 sigmoid; codes decoded ({@link BoxCodingNodes}) and clipped; boxes under 1e-3 pixels
 * or of a score not above the threshold left out; then per image {@code NonMaxSuppressionV5} (equal scores: lower
 * anchor index first, as ours) keeping at most {@code maxProposals}. Unused proposal slots are zero boxes.
 */
final class ProposalNodes {
  /** Proposal boxes {@code [N, P, 4]} (canvas pixels, best first) and their number per image {@code [N]}. */
  record Proposals(String boxes, String count) {}

  /** A score that masks a box: below every probability, below the NMS score threshold. */
  static final float MASKED = -1f;
  /** NonMaxSuppressionV5's threshold: between the masked score and every kept one (the mask decides). */
  static final float NMS_SCORE_FLOOR = -0.5f;
  private static final double MIN_SIDE = 1e-3;

  private ProposalNodes() {}

  static Proposals write(GraphDefBuilder g, String objectness, String codes, BoxClassifier c, int gridH, int gridW) {
    TfNodes t = new TfNodes(g, "FirstStage");
    AnchorGridSpec spec = c.anchors();
    int a = spec.anchorsPerLocation();
    int m = gridH * gridW * a;
    float canvas = spec.canvasSize();
    String[] anchor = anchors(t.scope("anchors"), spec, gridH, gridW);
    String anchors = t.reshape("anchors", t.pack("anchor_grid", TfNodes.F32, 3, anchor), TfNodes.F32, m, 4);
    String anchorOk = and(t, "anchor_valid", t.t("Greater", "anchor_tall", TfNodes.F32,
        anchor[2], anchor[0]), t.t("Greater", "anchor_wide", TfNodes.F32, anchor[3], anchor[1]));
    anchorOk = t.reshape("anchor_valid_flat", anchorOk, DataType.DT_BOOL, m);
    String logits = t.cast("logits", t.reshape("objectness", objectness, TfNodes.F32, -1, m), TfNodes.F32,
        TfNodes.F64);
    String score = t.t("Sigmoid", "score", TfNodes.F64, logits);
    String boxCodes = t.reshape("box_codes", codes, TfNodes.F32, -1, m, 4);
    String decoded = BoxCodingNodes.decode(t, "decode", boxCodes, anchors, FasterRcnnBoxCoder.withDefaultScales());
    String boxes = clip(t, "clipped", decoded, t.f32Scalar("canvas", canvas));
    String[] b = BoxCodingNodes.unpack(t, "corner", boxes, TfNodes.F32);
    String minSide = t.f64Scalar("min_side", MIN_SIDE);
    String tall = t.t("GreaterEqual", "tall_enough", TfNodes.F64, t.cast("height", t.t("Sub", "height_f32",
        TfNodes.F32, b[2], b[0]), TfNodes.F32, TfNodes.F64), minSide);
    String wide = t.t("GreaterEqual", "wide_enough", TfNodes.F64, t.cast("width", t.t("Sub", "width_f32",
        TfNodes.F32, b[3], b[1]), TfNodes.F32, TfNodes.F64), minSide);
    String above = t.t("Greater", "above_threshold", TfNodes.F64, score, t.f64Scalar("score_threshold",
        c.proposalScoreThreshold()));
    String keep = and(t, "keep", and(t, "sized", tall, wide), and(t, "scored", above, anchorOk));
    String scores = t.select("nms_scores", keep, t.cast("score_f32", score, TfNodes.F64, TfNodes.F32),
        t.f32Scalar("masked", MASKED), TfNodes.F32);
    String images = t.element("batch_size", t.op("Shape", "scores_shape", List.of(scores), Map.of("T",
        Attrs.type(TfNodes.F32))), TfNodes.I32, 0);
    List<String> kept = Nms.perRow(t, "nms", images, boxes, scores, c.maxProposals(), c.proposalNmsIou());
    String selected = t.gather("selected_boxes", boxes, kept.get(0), TfNodes.F32, 1, 1);
    String used = Nms.usedSlots(t, "used_slots", kept.get(1), c.maxProposals());
    String proposals = t.select("proposals", t.expandDims("used_slots_4", used, DataType.DT_BOOL, 2), selected,
        t.f32Scalar("zero", 0), TfNodes.F32);
    return new Proposals(proposals, kept.get(1));
  }

  /** {@code boxes} clipped to {@code [0, limit]} on every coordinate ({@code limit} broadcasts on the last axis). */
  static String clip(TfNodes t, String n, String boxes, String limit) {
    return t.t("Minimum", n, TfNodes.F32, t.t("Maximum", n + "/at_least_zero", TfNodes.F32, boxes,
        t.f32Scalar(n + "/zero", 0)), limit);
  }

  static String and(TfNodes t, String n, String x, String y) {
    return t.op("LogicalAnd", n, List.of(x, y), Map.of());
  }

  /** ymin, xmin, ymax, xmax of the grid's anchors, each {@code [h, w, A]}, clipped to the canvas (float32). */
  private static String[] anchors(TfNodes t, AnchorGridSpec spec, int gridH, int gridW) {
    double[] cy = new double[gridH];
    for (int y = 0; y < gridH; y++) {
      cy[y] = y * spec.strideY() + spec.offsetY();
    }
    double[] cx = new double[gridW];
    for (int x = 0; x < gridW; x++) {
      cx[x] = x * spec.strideX() + spec.offsetX();
    }
    int per = spec.anchorsPerLocation();
    double[] halfH = new double[per];
    double[] halfW = new double[per];
    int k = 0;
    for (double ratio : spec.aspectRatios()) {
      double sqrt = Math.sqrt(ratio);
      for (double scale : spec.scales()) {
        halfH[k] = scale / sqrt * spec.baseHeight() / 2;
        halfW[k++] = scale * sqrt * spec.baseWidth() / 2;
      }
    }
    String ys = t.reshape("centre_y", t.f64("centre_y_values", cy), TfNodes.F64, gridH, 1, 1);
    String xs = t.reshape("centre_x", t.f64("centre_x_values", cx), TfNodes.F64, 1, gridW, 1);
    String hh = t.reshape("half_height", t.f64("half_height_values", halfH), TfNodes.F64, 1, 1, per);
    String hw = t.reshape("half_width", t.f64("half_width_values", halfW), TfNodes.F64, 1, 1, per);
    String shape = t.i32("grid_shape", gridH, gridW, per);
    String size = t.f32Scalar("canvas", spec.canvasSize());
    String[] out = new String[4];
    String[][] parts = {{"ymin", "Sub", ys, hh}, {"xmin", "Sub", xs, hw}, {"ymax", "AddV2", ys, hh},
        {"xmax", "AddV2", xs, hw}};
    for (int i = 0; i < 4; i++) {
      String v = t.t(parts[i][1], parts[i][0] + "_f64", TfNodes.F64, parts[i][2], parts[i][3]);
      v = t.op("BroadcastTo", parts[i][0] + "_grid", List.of(v, shape), Map.of("T", Attrs.type(TfNodes.F64),
          "Tidx", Attrs.type(TfNodes.I32)));
      out[i] = clip(t, parts[i][0], t.cast(parts[i][0] + "_f32", v, TfNodes.F64, TfNodes.F32), size);
    }
    return out;
  }
}
