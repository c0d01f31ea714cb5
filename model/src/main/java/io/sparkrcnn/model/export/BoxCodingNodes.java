package io.sparkrcnn.model.export;

import io.sparkrcnn.model.box.FasterRcnnBoxCoder;
import java.util.List;
import java.util.Map;

/**
 * {@link FasterRcnnBoxCoder#decode} as TensorFlow nodes, with its arithmetic: the anchor's height, width and
 * centre sums in float32, the rest in float64, the corners rounded to float32. Codes {@code [..., 4]} and anchors
 * {@code [..., 4]} broadcast against each other; boxes are {@code [ymin, xmin, ymax, xmax]}.
 */
final class BoxCodingNodes {
  private BoxCodingNodes() {}

  static String decode(TfNodes t, String n, String codes, String anchors, FasterRcnnBoxCoder coder) {
    TfNodes s = t.scope(n);
    String c = s.cast("codes_f64", codes, TfNodes.F32, TfNodes.F64);
    String[] a = unpack(s, "anchor", anchors, TfNodes.F32);
    String[] k = unpack(s, "code", c, TfNodes.F64);
    String ha = s.cast("anchor_height", s.t("Sub", "anchor_height_f32", TfNodes.F32, a[2], a[0]), TfNodes.F32,
        TfNodes.F64);
    String wa = s.cast("anchor_width", s.t("Sub", "anchor_width_f32", TfNodes.F32, a[3], a[1]), TfNodes.F32,
        TfNodes.F64);
    String two = s.f64Scalar("two", 2);
    String ya = s.t("RealDiv", "anchor_y", TfNodes.F64, s.cast("anchor_y_sum", s.t("AddV2", "anchor_y_sum_f32",
        TfNodes.F32, a[0], a[2]), TfNodes.F32, TfNodes.F64), two);
    String xa = s.t("RealDiv", "anchor_x", TfNodes.F64, s.cast("anchor_x_sum", s.t("AddV2", "anchor_x_sum_f32",
        TfNodes.F32, a[1], a[3]), TfNodes.F32, TfNodes.F64), two);
    String yc = s.t("AddV2", "y_centre", TfNodes.F64, s.t("Mul", "dy", TfNodes.F64, s.t("RealDiv", "ty", TfNodes.F64,
        k[0], s.f64Scalar("scale_y", coder.scaleY())), ha), ya);
    String xc = s.t("AddV2", "x_centre", TfNodes.F64, s.t("Mul", "dx", TfNodes.F64, s.t("RealDiv", "tx", TfNodes.F64,
        k[1], s.f64Scalar("scale_x", coder.scaleX())), wa), xa);
    String h = s.t("Mul", "height", TfNodes.F64, s.t("Exp", "exp_th", TfNodes.F64, s.t("RealDiv", "th", TfNodes.F64,
        k[2], s.f64Scalar("scale_h", coder.scaleH()))), ha);
    String w = s.t("Mul", "width", TfNodes.F64, s.t("Exp", "exp_tw", TfNodes.F64, s.t("RealDiv", "tw", TfNodes.F64,
        k[3], s.f64Scalar("scale_w", coder.scaleW()))), wa);
    String hh = s.t("RealDiv", "half_height", TfNodes.F64, h, two);
    String hw = s.t("RealDiv", "half_width", TfNodes.F64, w, two);
    String box = s.pack("corners", TfNodes.F64, -1, s.t("Sub", "ymin", TfNodes.F64, yc, hh),
        s.t("Sub", "xmin", TfNodes.F64, xc, hw), s.t("AddV2", "ymax", TfNodes.F64, yc, hh),
        s.t("AddV2", "xmax", TfNodes.F64, xc, hw));
    return s.cast("boxes", box, TfNodes.F64, TfNodes.F32);
  }

  /** The four coordinates of boxes {@code [..., 4]}, each {@code [...]}. */
  static String[] unpack(TfNodes t, String n, String boxes, org.tensorflow.proto.DataType dtype) {
    String u = t.op("Unpack", n, List.of(boxes), Map.of("T", Attrs.type(dtype), "num", TfNodes.count(4),
        "axis", TfNodes.count(-1)));
    return new String[] {u, u + ":1", u + ":2", u + ":3"};
  }
}
