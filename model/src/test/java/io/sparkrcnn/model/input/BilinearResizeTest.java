package io.sparkrcnn.model.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkrcnn.model.export.Attrs;
import io.sparkrcnn.model.export.GraphDefBuilder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/** Our resize against TensorFlow's {@code ResizeBilinear} (half-pixel centres) run by TensorFlow for Java. */
class BilinearResizeTest {
  @Test
  void halfPixelCentresByHand() {
    // 1x2 [0, 255] -> 1x4: scale 0.5, x at -0.25 (clamped: 0), 0.25, 0.75, 1.25 (upper clamped to 1).
    float[] out = BilinearResize.resize(new int[] {0, 0xffffff}, 1, 2, 1, 4);
    assertArrayEquals(new float[] {0, 63.75f, 191.25f, 255}, Arrays.copyOfRange(out, 0, 4));
    // 2x1 [10, 20] -> 3x1 red channel: scale 2/3, y at -1/6, 0.5, 7/6.
    float[] down = BilinearResize.resize(new int[] {0x0a0000, 0x140000}, 2, 1, 3, 1);
    assertArrayEquals(new float[] {10, 15, 20}, Arrays.copyOfRange(down, 0, 3), 1e-5f);
    // Channels are planes: red, green, blue.
    assertArrayEquals(new float[] {1, 2, 3}, BilinearResize.resize(new int[] {0x010203}, 1, 1, 1, 1));
  }

  @ParameterizedTest(name = "{0}x{1} -> {2}x{3}")
  @CsvSource({
    "7, 5, 16, 11", // up
    "40, 30, 13, 9", // down
    "37, 23, 29, 51", // odd ratios, up in x, down in y
    "101, 67, 3, 200",
    "1, 1, 5, 3", // one pixel
    "1, 9, 4, 4",
    "6, 1, 1, 1",
    "12, 12, 12, 12", // same size
    "333, 500, 600, 901", // keep_aspect_ratio_resizer 600..1024
    "120, 160, 96, 128", // tiny_pets.config (128..128) on the synth images
  })
  void equalsTensorFlowResizeBilinear(int h, int w, int outH, int outW) {
    int[] rgb = randomRgb(h, w, 31L * h + w);
    float[] ours = BilinearResize.resize(rgb, h, w, outH, outW);
    for (boolean castFirst : new boolean[] {false, true}) {
      float[] tf = tensorFlowResize(rgb, h, w, outH, outW, castFirst);
      int plane = outH * outW;
      for (int i = 0; i < plane; i++) {
        for (int c = 0; c < 3; c++) {
          assertEquals(tf[3 * i + c], ours[c * plane + i], 1e-4f, "pixel " + i + " channel " + c);
        }
      }
    }
  }

  @Test
  void preparingDecodedPixelsIsTensorFlowsResizeMinusTheMeansOnAZeroCanvas() {
    int h = 333;
    int w = 500;
    int[] rgb = randomRgb(h, w, 7);
    PreparedImage img = new ImagePreparer(new KeepAspectRatioResizer(600, 1024)).prepare("p", rgb, h, w);
    assertEquals(600, img.resizedHeight());
    assertEquals(901, img.resizedWidth());
    assertEquals(333, img.originalHeight());
    assertEquals(500, img.originalWidth());
    assertEquals(0, img.boxes().length);
    float[] tf = tensorFlowResize(rgb, h, w, 600, 901, true);
    int s = img.canvasSize();
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < s; y++) {
        for (int x = 0; x < s; x++) {
          float v = img.pixels()[(c * s + y) * s + x];
          float expected = y < 600 && x < 901 ? tf[(y * 901 + x) * 3 + c] - ImagePreparer.CHANNEL_MEANS[c] : 0f;
          assertEquals(expected, v, 1e-4f);
        }
      }
    }
  }

  @Test
  void wrongPixelCountsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> BilinearResize.resize(new int[5], 2, 3, 4, 4));
    assertThrows(IllegalArgumentException.class, () -> BilinearResize.resize(new int[6], 2, 3, 0, 4));
    ImagePreparer preparer = new ImagePreparer(new KeepAspectRatioResizer(4, 8));
    assertThrows(IllegalArgumentException.class, () -> preparer.prepare("x", new int[5], 2, 3));
  }

  private static int[] randomRgb(int h, int w, long seed) {
    Random random = new Random(seed);
    int[] rgb = new int[h * w];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = random.nextInt(1 << 24);
    }
    return rgb;
  }

  /** TensorFlow's output NHWC: uint8 image → ResizeBilinear (of uint8, or of float after a Cast). */
  private static float[] tensorFlowResize(int[] rgb, int h, int w, int outH, int outW, boolean castFirst) {
    GraphDefBuilder g = new GraphDefBuilder();
    String image = g.placeholder("image", DataType.DT_UINT8, 1, -1, -1, 3);
    String input = image;
    DataType t = DataType.DT_UINT8;
    if (castFirst) {
      input = g.node("Cast", "cast", List.of(image), Map.of("SrcT", Attrs.type(DataType.DT_UINT8), "DstT",
          Attrs.type(DataType.DT_FLOAT), "Truncate", Attrs.bool(false)));
      t = DataType.DT_FLOAT;
    }
    TensorProto size = TensorProto.newBuilder().setDtype(DataType.DT_INT32)
        .setTensorShape(TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(2)))
        .addIntVal(outH).addIntVal(outW).build();
    String sizeNode = g.node("Const", "size", List.of(), Map.of("dtype", Attrs.type(DataType.DT_INT32), "value",
        AttrValue.newBuilder().setTensor(size).build()));
    String resized = g.node("ResizeBilinear", "resized", List.of(input, sizeNode), Map.of("T", Attrs.type(t),
        "align_corners", Attrs.bool(false), "half_pixel_centers", Attrs.bool(true)));
    return run(g.build(), image, rgb, h, w, resized);
  }

  private static float[] run(GraphDef graph, String feed, int[] rgb, int h, int w, String fetch) {
    byte[] bytes = new byte[3 * rgb.length];
    for (int i = 0; i < rgb.length; i++) {
      bytes[3 * i] = (byte) (rgb[i] >> 16);
      bytes[3 * i + 1] = (byte) (rgb[i] >> 8);
      bytes[3 * i + 2] = (byte) rgb[i];
    }
    try (Graph g = new Graph()) {
      g.importGraphDef(graph);
      try (Session s = new Session(g);
          TUint8 in = TUint8.tensorOf(Shape.of(1, h, w, 3), DataBuffers.of(bytes, true, false));
          Result r = s.runner().feed(feed, in).fetch(fetch).run()) {
        TFloat32 out = (TFloat32) r.get(0);
        float[] flat = new float[(int) out.size()];
        out.copyTo(DataBuffers.of(flat, false, false));
        return flat;
      }
    }
  }
}
