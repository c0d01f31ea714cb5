package io.sparkrcnn.model.export;

import static io.sparkrcnn.model.export.QuantizeWeightsTest.node;
import static io.sparkrcnn.model.export.QuantizeWeightsTest.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.FunctionDefLibrary;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.VersionDef;

/** The nodes {@link QuantizeWeights} writes for a quantized constant, and what it leaves alone. */
class QuantizeWeightsLayoutTest {
  /** x → MatMul with w (32×32: quantized, behind a control edge), b (1023: kept), an int32 shape (kept). */
  private static GraphDef layoutGraph() {
    GraphDefBuilder g = new GraphDefBuilder();
    String x = g.placeholder("x", DataType.DT_FLOAT, 2, 32);
    g.node("NoOp", "init", List.of(), Map.of());
    Random random = new Random(5);
    float[] w = new float[1024];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) random.nextGaussian();
    }
    g.node("Const", "w", List.of("^init"), Map.of("dtype", Attrs.type(DataType.DT_FLOAT), "value",
        AttrValue.newBuilder().setTensor(Tensors.float32(Nd4j.create(w, new long[] {32, 32}, 'c'))).build()));
    g.constant("b", Nd4j.linspace(-1, 1, 1023).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT));
    g.node("Const", "shape", List.of(), Map.of("dtype", Attrs.type(DataType.DT_INT32), "value", AttrValue.newBuilder()
        .setTensor(TensorProto.newBuilder().setDtype(DataType.DT_INT32).setTensorShape(GraphDefBuilder.shape(2048))
            .setTensorContent(ByteString.copyFrom(new byte[4 * 2048]))).build()));
    g.node("MatMul", "y", List.of(x, "w"), Map.of("T", Attrs.type(DataType.DT_FLOAT)));
    return g.build().toBuilder().setVersions(VersionDef.newBuilder().setProducer(1994).setMinConsumer(12))
        .setLibrary(FunctionDefLibrary.newBuilder().addFunction(FunctionDef.newBuilder()
            .setSignature(OpDef.newBuilder().setName("unused_function")))).build();
  }

  @Test
  void aQuantizedConstantBecomesFourNodesInItsPlace() {
    GraphDef before = layoutGraph();
    GraphDef after = QuantizeWeights.apply(before);
    assertEquals(List.of("x", "init", "w_quantized_const", "w_quantized_min", "w_quantized_max", "w", "b", "shape",
        "y"), after.getNodeList().stream().map(NodeDef::getName).toList());
    assertEquals(List.of("Placeholder", "NoOp", "Const", "Const", "Const", "Dequantize", "Const", "Const", "MatMul"),
        after.getNodeList().stream().map(NodeDef::getOp).toList());
    for (String kept : List.of("x", "init", "b", "shape", "y")) {
      assertEquals(node(before, kept), node(after, kept), kept);
    }
    assertEquals(before.getVersions(), after.getVersions());
    assertEquals(before.getLibrary(), after.getLibrary());

    NodeDef codes = node(after, "w_quantized_const");
    assertEquals(Map.of("dtype", Attrs.type(DataType.DT_QUINT8)), Map.of("dtype", codes.getAttrOrThrow("dtype")));
    assertEquals(2, codes.getAttrCount());
    TensorProto content = codes.getAttrOrThrow("value").getTensor();
    assertEquals(DataType.DT_QUINT8, content.getDtype());
    assertEquals(GraphDefBuilder.shape(32, 32), content.getTensorShape());
    assertEquals(1024, content.getTensorContent().size());
    assertTrue(codes.getInputList().isEmpty());
    for (String range : List.of("w_quantized_min", "w_quantized_max")) {
      assertEquals(Attrs.type(DataType.DT_FLOAT), node(after, range).getAttrOrThrow("dtype"));
      assertTrue(node(after, range).getInputList().isEmpty());
    }

    NodeDef dequantize = node(after, "w");
    assertEquals(List.of("w_quantized_const", "w_quantized_min", "w_quantized_max", "^init"),
        dequantize.getInputList());
    assertEquals(Map.of("T", Attrs.type(DataType.DT_QUINT8), "mode", Attrs.string("MIN_FIRST")),
        dequantize.getAttrMap());
    float[] w = new float[1024];
    node(before, "w").getAttrOrThrow("value").getTensor().getTensorContent().asReadOnlyByteBuffer()
        .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(w);
    float lo = Float.MAX_VALUE;
    float hi = -Float.MAX_VALUE;
    for (float v : w) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    assertEquals(lo, scalar(after, "w_quantized_min"));
    assertEquals(hi, scalar(after, "w_quantized_max"));

    assertEquals(after, QuantizeWeights.apply(after), "nothing left to quantize");
    GraphDef taken = before.toBuilder().addNode(NodeDef.newBuilder().setOp("NoOp").setName("w_quantized_max")).build();
    var e = assertThrows(IllegalArgumentException.class, () -> QuantizeWeights.apply(taken));
    assertTrue(e.getMessage().contains("'w_quantized_max'"), e.getMessage());
  }
}
