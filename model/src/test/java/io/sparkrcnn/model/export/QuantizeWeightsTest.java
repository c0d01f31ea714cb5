package io.sparkrcnn.model.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.factory.Nd4j;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;

/** The 8-bit codes, ranges and node layout of {@link QuantizeWeights}, and TensorFlow dequantizing them. */
class QuantizeWeightsTest {
  private static final float FLT_MIN = Float.MIN_NORMAL;

  private static GraphDef oneConstant(float... values) {
    GraphDefBuilder g = new GraphDefBuilder();
    g.constant("w", Nd4j.create(values, new long[] {values.length}, 'c'));
    return g.build();
  }

  static NodeDef node(GraphDef graph, String name) {
    return graph.getNodeList().stream().filter(n -> n.getName().equals(name)).findFirst().orElseThrow();
  }

  private static int[] codes(GraphDef quantized) {
    ByteString content = node(quantized, "w_quantized_const").getAttrOrThrow("value").getTensor().getTensorContent();
    int[] codes = new int[content.size()];
    for (int i = 0; i < codes.length; i++) {
      codes[i] = content.byteAt(i) & 0xff;
    }
    return codes;
  }

  static float scalar(GraphDef graph, String name) {
    TensorProto t = node(graph, name).getAttrOrThrow("value").getTensor();
    assertEquals(DataType.DT_FLOAT, t.getDtype());
    assertEquals(0, t.getTensorShape().getDimCount(), name + " is a scalar");
    return t.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).getFloat();
  }

  /**
   * Worked by hand (and by a float32 emulation in numpy): codes {@code round(v·s) − round(min·s)} with
   * {@code s = 256 / ((max − min)·256/255)}, in double, halves away from zero; floats back
   * {@code round(min/step)·step + code·step} in float, {@code step = (max − min)/255}.
   */
  private static void assertQuantizes(float[] values, float min, float max, int[] codes, float[] floats) {
    GraphDef q = QuantizeWeights.apply(oneConstant(values), 1);
    assertEquals(min, scalar(q, "w_quantized_min"));
    assertEquals(max, scalar(q, "w_quantized_max"));
    assertArrayEquals(codes, codes(q));
    assertArrayEquals(floats, QuantizeWeights.roundTrip(values));
    assertArrayEquals(floats, TensorFlowRun.constant(q, "w").toFloatVector(), "TensorFlow's Dequantize");
  }

  @Test
  void aRangeAroundZeroRoundsItsMinimumDifferentlyOnTheWayBack() {
    // s = 127.5: min·s = −127.5 rounds to −128, so 0 → 128 and 1 → 256, clamped to 255; step = 2/255 rounds up in
    // float, so min/step = −127.49999 rounds to −127: 0 comes back one step above zero.
    assertQuantizes(new float[] {-1, 0, 0.5f, 1}, -1, 1, new int[] {0, 128, 192, 255},
        new float[] {-0.9960785f, 0.007843137f, 0.509804f, 1.0039215f});
  }

  @Test
  void allPositiveValuesAreWidenedDownToZero() {
    // [0, 2]: s = 127.5, 0.25·s = 31.875 → 32, 0.5·s = 63.75 → 64, 2·s = 255.
    assertQuantizes(new float[] {0.25f, 0.5f, 2}, 0, 2, new int[] {32, 64, 255},
        new float[] {0.2509804f, 0.5019608f, 2.0f});
  }

  @Test
  void allNegativeValuesKeepTheSmallestNormalFloatAsTheirMaximum() {
    // [−2, FLT_MIN] as the transform leaves it (its maximum starts there): −0.5·s = −63.75 → −64 + 255 = 191.
    assertQuantizes(new float[] {-2, -0.5f, -1.5f}, -2, FLT_MIN, new int[] {0, 191, 64},
        new float[] {-2.0f, -0.50196075f, -1.4980392f});
  }

  @Test
  void aSingleValueIsOneEndOfItsRange() {
    assertQuantizes(new float[] {3}, 0, 3, new int[] {255}, new float[] {3});
    assertQuantizes(new float[] {-3}, -3, FLT_MIN, new int[] {0}, new float[] {-3});
  }

  @Test
  void anAllZeroTensorGetsZeroToOneAndComesBackAsZeros() {
    // The transform's [0, FLT_MIN] would make TensorFlow's Dequantize return NaN (its step is subnormal).
    assertQuantizes(new float[1024], 0, 1, new int[1024], new float[1024]);
  }

  @Test
  void constantsBelowTheMinimumSizeAndOtherTypesStayAsTheyWere() {
    assertTrue(QuantizeWeights.quantizes(1024, 1024));
    assertFalse(QuantizeWeights.quantizes(1023, 1024));
    GraphDef small = oneConstant(new float[1023]);
    assertEquals(small, QuantizeWeights.apply(small));
    assertThrows(IllegalArgumentException.class, () -> QuantizeWeights.apply(small, 0));
    var e = assertThrows(IllegalArgumentException.class,
        () -> QuantizeWeights.apply(oneConstant(1, Float.NaN), 1));
    assertTrue(e.getMessage().contains("'w'"), e.getMessage());
  }

  @Test
  void valuesGivenAsFloatValAreReadAsTensorFlowReadsThem() {
    for (List<Float> given : List.of(List.of(2.5f), List.of(-1f, 0.5f))) {
      TensorProto value = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT)
          .setTensorShape(GraphDefBuilder.shape(8, 128)).addAllFloatVal(given).build();
      GraphDef g = GraphDef.newBuilder().addNode(NodeDef.newBuilder().setOp("Const").setName("w")
          .putAttr("dtype", Attrs.type(DataType.DT_FLOAT)).putAttr("value", AttrValue.newBuilder().setTensor(value)
              .build())).build();
      float[] expanded = TensorFlowRun.constant(g, "w").reshape(1024).toFloatVector();
      assertEquals(given.get(0), expanded[0]);
      assertEquals(given.get(given.size() - 1), expanded[1023], "the last value repeated");
      assertArrayEquals(QuantizeWeights.roundTrip(expanded),
          TensorFlowRun.constant(QuantizeWeights.apply(g), "w").reshape(1024).toFloatVector());
    }
  }

  /** Sizes that are and are not a multiple of the vector width, ranges around, above and below zero. */
  @ParameterizedTest(name = "{0} elements")
  @ValueSource(ints = {1024, 1517, 4099})
  void tensorFlowDequantizesToExactlyTheRoundTrip(int n) {
    Random random = new Random(n);
    for (float[] shift : new float[][] {{0.3f, 1}, {1.7f, 0.05f}, {-4.2f, 3}}) {
      float[] values = new float[n];
      for (int i = 0; i < n; i++) {
        values[i] = (float) (shift[0] + shift[1] * random.nextGaussian());
      }
      GraphDef q = QuantizeWeights.apply(oneConstant(values));
      float[] theirs = TensorFlowRun.constant(q, "w").toFloatVector();
      float[] ours = QuantizeWeights.roundTrip(values);
      for (int i = 0; i < n; i++) {
        assertEquals(Float.floatToIntBits(ours[i]), Float.floatToIntBits(theirs[i]), "element " + i + " of "
            + ours[i] + " vs " + theirs[i]);
      }
      float step = (scalar(q, "w_quantized_max") - scalar(q, "w_quantized_min")) / 255;
      for (int i = 0; i < n; i++) {
        assertTrue(Math.abs(ours[i] - values[i]) <= 1.01 * step, "within one step: " + values[i] + " → " + ours[i]);
      }
    }
  }
}
