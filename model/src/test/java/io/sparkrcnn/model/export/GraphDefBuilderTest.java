package io.sparkrcnn.model.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GraphDefBuilderTest {
  @Test
  void aConstantFromAViewHoldsItsValuesRowMajorAsTensorFlowReadsThem() {
    INDArray base = Nd4j.linspace(DataType.DOUBLE, 1, 24, 1).reshape(2, 3, 4);
    INDArray view = base.permute(2, 0, 1); // [4, 2, 3], not contiguous
    GraphDefBuilder g = new GraphDefBuilder();
    g.constant("c", view);
    INDArray read = TensorFlowRun.constant(g.build(), "c");
    assertEquals(view.castTo(DataType.FLOAT), read);
  }

  @Test
  void aPlaceholderFeedsAnOpWithItsAttributes() {
    GraphDefBuilder g = new GraphDefBuilder();
    String x = g.placeholder("x", org.tensorflow.proto.DataType.DT_FLOAT, -1, 2);
    String y = g.node("Mul", "y", List.of(x, g.constant("two", Nd4j.scalar(2f))),
        Map.of("T", Attrs.type(org.tensorflow.proto.DataType.DT_FLOAT)));
    INDArray in = Nd4j.create(new float[] {1, -2, 3, 4.5f}, 2, 2);
    assertEquals(in.mul(2), TensorFlowRun.run(g.build(), x, in, y));
  }

  @Test
  void namesAreUniqueAndInputsMustExist() {
    GraphDefBuilder g = new GraphDefBuilder();
    g.constant("a", Nd4j.scalar(1f));
    assertThrows(IllegalArgumentException.class, () -> g.constant("a", Nd4j.scalar(2f)));
    assertThrows(IllegalArgumentException.class, () -> g.node("Identity", "b", List.of("missing:0"), Map.of()));
    g.node("Identity", "b", List.of("a:0"), Map.of());
    assertEquals(2, g.build().getNodeCount());
  }
}
