package io.sparkrcnn.model.export;

import io.sparkrcnn.model.box.FasterRcnnBoxCoder;
import io.sparkrcnn.model.config.PostProcessingSettings;
import io.sparkrcnn.model.detector.PostProcessor;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.DataType;

/**
 * {@link PostProcessor} as TensorFlow nodes (scope {@code SecondStagePostprocessor}) ending in the exported graph's
 * outputs: per proposal and class the box decoded and clipped to the resized image, kept when the proposal slot is
 * used and not empty, the class probability is above the score threshold (compared in float64, as ours) and the
 * box has an area; per image and class {@code NonMaxSuppressionV5}; the best {@code maxTotal} of each image by
 * {@code TopKV2} over the classes' kept boxes in class order (equal scores: lower class, then NMS order, as our
 * stable sort). Outputs {@code detection_boxes [N, maxTotal, 4]} normalised to the image, {@code detection_scores},
 * {@code detection_classes} (label ids from 1, float) and {@code num_detections [N]}; unused rows are zero.
 */
final class PostProcessingNodes {
  static final String BOXES = "detection_boxes";
  static final String SCORES = "detection_scores";
  static final String CLASSES = "detection_classes";
  static final String NUM = "num_detections";

  private PostProcessingNodes() {}

  static void write(GraphDefBuilder g, ProposalNodes.Proposals proposals, BoxHeadNodes.Predictions predictions,
      InputNodes.Prepared input, int numClasses, int slots, PostProcessingSettings post) {
    TfNodes t = new TfNodes(g, "SecondStagePostprocessor");
    int k = numClasses;
    int perClass = post.maxDetectionsPerClass();
    String probs = t.gather("class_probabilities", t.reshape("probabilities", predictions.probabilities(),
        TfNodes.F32, -1, slots, k + 1), t.i32("foreground", classIds(k)), TfNodes.F32, 2, 0);
    String codes = t.reshape("codes", predictions.codes(), TfNodes.F32, -1, slots, k, 4);
    String proposal = t.expandDims("proposal_per_class", proposals.boxes(), TfNodes.F32, 2);
    String decoded = BoxCodingNodes.decode(t, "decode", codes, proposal, FasterRcnnBoxCoder.withDefaultScales());
    String limits = t.pack("window", TfNodes.F32, 0, input.resizedHeight(), input.resizedWidth(),
        input.resizedHeight(), input.resizedWidth());
    String boxes = ProposalNodes.clip(t, "clipped", decoded, limits);
    String[] b = BoxCodingNodes.unpack(t, "corner", boxes, TfNodes.F32);
    String hasArea = ProposalNodes.and(t, "has_area", t.t("Greater", "tall", TfNodes.F32, b[2], b[0]),
        t.t("Greater", "wide", TfNodes.F32, b[3], b[1]));
    String[] p = BoxCodingNodes.unpack(t, "proposal_corner", proposals.boxes(), TfNodes.F32);
    String slotOk = ProposalNodes.and(t, "slot_valid", Nms.usedSlots(t, "used_slots", proposals.count(), slots),
        ProposalNodes.and(t, "proposal_has_area", t.t("Greater", "proposal_tall", TfNodes.F32, p[2], p[0]),
            t.t("Greater", "proposal_wide", TfNodes.F32, p[3], p[1])));
    String above = t.t("Greater", "above_threshold", TfNodes.F64, t.cast("probabilities_f64", probs, TfNodes.F32,
        TfNodes.F64), t.f64Scalar("score_threshold", post.scoreThreshold()));
    String keep = ProposalNodes.and(t, "keep", ProposalNodes.and(t, "scored_with_area", above, hasArea),
        t.expandDims("slot_valid_per_class", slotOk, DataType.DT_BOOL, 2));
    String scores = t.select("nms_scores", keep, probs, t.f32Scalar("masked", ProposalNodes.MASKED), TfNodes.F32);
    String classBoxes = t.reshape("class_boxes", t.transpose("boxes_by_class", boxes, TfNodes.F32, 0, 2, 1, 3),
        TfNodes.F32, -1, slots, 4);
    String classScores = t.reshape("class_scores", t.transpose("scores_by_class", scores, TfNodes.F32, 0, 2, 1),
        TfNodes.F32, -1, slots);
    String rows = t.element("rows", t.op("Shape", "class_scores_shape", List.of(classScores), Map.of("T",
        Attrs.type(TfNodes.F32))), TfNodes.I32, 0);
    List<String> kept = Nms.perRow(t, "nms", rows, classBoxes, classScores, perClass, post.nmsIou());
    String keptUsed = Nms.usedSlots(t, "kept_slots", kept.get(1), perClass);
    String keptScores = t.select("kept_scores", keptUsed, t.gather("kept_scores_all", classScores, kept.get(0),
        TfNodes.F32, 1, 1), t.f32Scalar("unused", ProposalNodes.MASKED), TfNodes.F32);
    String keptBoxes = t.gather("kept_boxes", classBoxes, kept.get(0), TfNodes.F32, 1, 1);
    int candidates = k * perClass;
    String imageScores = t.reshape("image_scores", keptScores, TfNodes.F32, -1, candidates);
    String imageBoxes = t.reshape("image_boxes", keptBoxes, TfNodes.F32, -1, candidates, 4);
    int top = Math.min(post.maxTotalDetections(), candidates);
    String best = t.op("TopKV2", "TopKV2", List.of(imageScores, t.i32Scalar("k", top)), Map.of("T",
        Attrs.type(TfNodes.F32), "sorted", Attrs.bool(true)));
    String real = t.t("Greater", "real", TfNodes.F32, best, t.f32Scalar("floor", ProposalNodes.NMS_SCORE_FLOOR));
    String zero = t.f32Scalar("zero", 0);
    String bestBoxes = t.t("RealDiv", "normalised", TfNodes.F32, t.gather("best_boxes", imageBoxes, best + ":1",
        TfNodes.F32, 1, 1), limits);
    String candidateClass = t.cast("candidate_class", t.reshape("candidate_class_i", t.op("Tile", "class_grid",
        List.of(t.reshape("class_column", t.i32("class_ids", classIds(k)), TfNodes.I32, k, 1),
            t.i32("per_class", 1, perClass)), Map.of("T", Attrs.type(TfNodes.I32), "Tmultiples",
            Attrs.type(TfNodes.I32))), TfNodes.I32, -1), TfNodes.I32, TfNodes.F32);
    String outBoxes = t.select("boxes", t.expandDims("real_4", real, DataType.DT_BOOL, 2), bestBoxes, zero,
        TfNodes.F32);
    String outScores = t.select("scores", real, best, zero, TfNodes.F32);
    String outClasses = t.select("classes", real, t.gather("best_classes", candidateClass, best + ":1", TfNodes.F32,
        0, 0), zero, TfNodes.F32);
    String num = t.op("Sum", "num", List.of(t.cast("real_f32", real, DataType.DT_BOOL, TfNodes.F32),
        t.i32Scalar("axis", 1)), Map.of("T", Attrs.type(TfNodes.F32), "Tidx", Attrs.type(TfNodes.I32)));
    int pad = post.maxTotalDetections() - top;
    g.node("Identity", BOXES, List.of(padded(t, "boxes", outBoxes, pad, 3)), Map.of("T", Attrs.type(TfNodes.F32)));
    g.node("Identity", SCORES, List.of(padded(t, "scores", outScores, pad, 2)), Map.of("T",
        Attrs.type(TfNodes.F32)));
    g.node("Identity", CLASSES, List.of(padded(t, "classes", outClasses, pad, 2)), Map.of("T",
        Attrs.type(TfNodes.F32)));
    g.node("Identity", NUM, List.of(num), Map.of("T", Attrs.type(TfNodes.F32)));
  }

  private static int[] classIds(int k) {
    int[] ids = new int[k];
    for (int i = 0; i < k; i++) {
      ids[i] = i + 1;
    }
    return ids;
  }

  /** {@code x} with {@code pad} zero rows added on axis 1 (of {@code rank} axes), or {@code x} when none. */
  private static String padded(TfNodes t, String n, String x, int pad, int rank) {
    if (pad == 0) {
      return x;
    }
    int[] paddings = new int[2 * rank];
    paddings[3] = pad;
    String p = t.reshape(n + "/paddings", t.i32(n + "/paddings_values", paddings), TfNodes.I32, rank, 2);
    return t.op("Pad", n + "/padded", List.of(x, p), Map.of("T", Attrs.type(TfNodes.F32), "Tpaddings",
        Attrs.type(TfNodes.I32)));
  }
}
