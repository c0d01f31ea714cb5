package io.sparkrcnn.model.export;

import io.sparkrcnn.model.box.NonMaxSuppression;
import java.util.List;
import java.util.Map;

/**
 * {@link NonMaxSuppression} row by row as TensorFlow nodes: {@code NonMaxSuppressionV5} (scores strictly above
 * {@link ProposalNodes#NMS_SCORE_FLOOR}, IoU strictly above the threshold suppresses, equal scores lower index first)
 * in a {@link MapLoop} over the rows of {@code boxes [R, M, 4]} and {@code scores [R, M]}.
 */
final class Nms {
  private Nms() {}

  /** Per row the kept indices {@code [R, maxOutput]} (padded with 0) and their number {@code [R]}, both int32. */
  static List<String> perRow(TfNodes t, String n, String rows, String boxes, String scores, int maxOutput,
      double iouThreshold) {
    return MapLoop.map(t, n, rows, List.of(new MapLoop.Result(TfNodes.I32), new MapLoop.Result(TfNodes.I32)),
        (b, i, frame) -> {
          String rowBoxes = b.gather("boxes", frame.outer(boxes, TfNodes.F32), i, TfNodes.F32, 0, 0);
          String rowScores = b.gather("scores", frame.outer(scores, TfNodes.F32), i, TfNodes.F32, 0, 0);
          String nms = b.op("NonMaxSuppressionV5", "NonMaxSuppressionV5", List.of(rowBoxes, rowScores,
              b.i32Scalar("max_output_size", maxOutput), b.f32Scalar("iou_threshold", (float) iouThreshold),
              b.f32Scalar("score_threshold", ProposalNodes.NMS_SCORE_FLOOR), b.f32Scalar("soft_nms_sigma", 0)),
              Map.of("T", Attrs.type(TfNodes.F32), "pad_to_max_output_size", Attrs.bool(true)));
          return List.of(nms, nms + ":2");
        });
  }

  /** Whether slot {@code j < slots} of each row is used: {@code [R, slots]}, from the counts {@code [R]}. */
  static String usedSlots(TfNodes t, String n, String counts, int slots) {
    String range = t.range(n + "/slots", t.i32Scalar(n + "/start", 0), t.i32Scalar(n + "/limit", slots),
        t.i32Scalar(n + "/delta", 1));
    return t.t("Less", n, TfNodes.I32, range, t.expandDims(n + "/counts", counts, TfNodes.I32, 1));
  }
}
