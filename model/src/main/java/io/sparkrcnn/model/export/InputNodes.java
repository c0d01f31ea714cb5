package io.sparkrcnn.model.export;

import io.sparkrcnn.model.input.ImagePreparer;
import io.sparkrcnn.model.input.KeepAspectRatioResizer;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.DataType;

/**
 * The exported graph's input and our input pipeline as TensorFlow nodes (scope {@code Preprocessor}): the
 * {@link KeepAspectRatioResizer}'s size computed from the batch's image size in float64 (half-to-even rounding as
 * {@code Math.rint}), {@code ResizeBilinear} with half-pixel centres, the channel means subtracted, then zero padding
 * at the bottom and right to the square canvas ({@link ImagePreparer}'s steps). An encoded-image input is decoded
 * image by image first ({@code DecodeImage}, three channels).
 */
final class InputNodes {
  /** The canvas batch {@code [N, S, S, 3]} (float, NHWC) and the resized image's height and width (float scalars). */
  record Prepared(String canvas, String resizedHeight, String resizedWidth) {}

  private InputNodes() {}

  static Prepared write(GraphDefBuilder g, ExportInput input, KeepAspectRatioResizer resizer) {
    TfNodes t = new TfNodes(g, "Preprocessor");
    String images = input == ExportInput.IMAGE_TENSOR
        ? g.placeholder(input.tensorName(), DataType.DT_UINT8, -1, -1, -1, 3)
        : decoded(t, g.placeholder(input.tensorName(), DataType.DT_STRING, -1));
    String shape = t.op("Shape", "shape", List.of(images), Map.of("T", Attrs.type(DataType.DT_UINT8)));
    String h = t.cast("height", t.element("height_i", shape, TfNodes.I32, 1), TfNodes.I32, TfNodes.F64);
    String w = t.cast("width", t.element("width_i", shape, TfNodes.I32, 2), TfNodes.I32, TfNodes.F64);
    String min = t.f64Scalar("min_dimension", resizer.minDimension());
    String max = t.f64Scalar("max_dimension", resizer.maxDimension());
    String shortScale = t.t("RealDiv", "short_side_scale", TfNodes.F64, min,
        t.t("Minimum", "short_side", TfNodes.F64, h, w));
    String longSide = t.t("Maximum", "long_side", TfNodes.F64, h, w);
    String tooLong = t.t("Greater", "too_long", TfNodes.F64, t.t("Round", "long_side_scaled", TfNodes.F64,
        t.t("Mul", "long_side_times_scale", TfNodes.F64, longSide, shortScale)), max);
    String scale = t.select("scale", tooLong, t.t("RealDiv", "long_side_scale", TfNodes.F64, max, longSide),
        shortScale, TfNodes.F64);
    String rh = side(t, "resized_height", h, scale, max);
    String rw = side(t, "resized_width", w, scale, max);
    String rhInt = t.cast("resized_height_i", rh, TfNodes.F64, TfNodes.I32);
    String rwInt = t.cast("resized_width_i", rw, TfNodes.F64, TfNodes.I32);
    String pixels = t.cast("to_float", images, DataType.DT_UINT8, TfNodes.F32);
    String resized = t.op("ResizeBilinear", "ResizeBilinear", List.of(pixels, t.pack("size", TfNodes.I32, 0, rhInt,
        rwInt)), Map.of("T", Attrs.type(TfNodes.F32), "align_corners", Attrs.bool(false), "half_pixel_centers",
        Attrs.bool(true)));
    float[] means = ImagePreparer.CHANNEL_MEANS;
    String centred = t.t("Sub", "sub_channel_means", TfNodes.F32, resized, t.f32("channel_means", means));
    String canvas = t.i32Scalar("canvas", resizer.canvasSize());
    String zero = t.i32Scalar("zero", 0);
    String paddings = t.pack("paddings", TfNodes.I32, 0, t.pack("pad_batch", TfNodes.I32, 0, zero, zero),
        t.pack("pad_height", TfNodes.I32, 0, zero, t.t("Sub", "pad_bottom", TfNodes.I32, canvas, rhInt)),
        t.pack("pad_width", TfNodes.I32, 0, zero, t.t("Sub", "pad_right", TfNodes.I32, canvas, rwInt)),
        t.pack("pad_channels", TfNodes.I32, 0, zero, zero));
    String padded = t.op("Pad", "pad_to_canvas", List.of(centred, paddings), Map.of("T", Attrs.type(TfNodes.F32),
        "Tpaddings", Attrs.type(TfNodes.I32)));
    return new Prepared(padded, t.cast("resized_height_f", rh, TfNodes.F64, TfNodes.F32),
        t.cast("resized_width_f", rw, TfNodes.F64, TfNodes.F32));
  }

  /** {@code min(max, max(1, rint(side × scale)))}. */
  private static String side(TfNodes t, String n, String side, String scale, String max) {
    String rounded = t.t("Round", n + "/round", TfNodes.F64, t.t("Mul", n + "/scaled", TfNodes.F64, side, scale));
    return t.t("Minimum", n, TfNodes.F64, max, t.t("Maximum", n + "/at_least_one", TfNodes.F64, rounded,
        t.f64Scalar(n + "/one", 1)));
  }

  /** Each string of the batch decoded to uint8 {@code [H, W, 3]}, stacked. */
  private static String decoded(TfNodes t, String strings) {
    String n = t.element("batch_size", t.op("Shape", "string_shape", List.of(strings), Map.of("T",
        Attrs.type(DataType.DT_STRING))), TfNodes.I32, 0);
    return MapLoop.map(t, "decode", n, List.of(new MapLoop.Result(DataType.DT_UINT8)), (b, i, frame) -> {
      String one = b.gather("encoded", frame.outer(strings, DataType.DT_STRING), i, DataType.DT_STRING, 0, 0);
      return List.of(b.op("DecodeImage", "DecodeImage", List.of(one), Map.of("dtype", Attrs.type(DataType.DT_UINT8),
          "channels", TfNodes.count(3), "expand_animations", Attrs.bool(false))));
    }).get(0);
  }
}
