package io.sparkrcnn.model.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tensorflow.proto.GraphDef;

/** TensorFlow runs a {@link MapLoop}: per row of a batch of any size, results that depend on the row and its index. */
class MapLoopTest {

  private static GraphDef rowsTimesIndexPlusOne() {
    GraphDefBuilder g = new GraphDefBuilder();
    TfNodes t = new TfNodes(g, "");
    String x = g.placeholder("x", TfNodes.F32, -1, 3);
    String n = t.element("n", t.op("Shape", "shape", List.of(x), java.util.Map.of("T", Attrs.type(TfNodes.F32))),
        TfNodes.I32, 0);
    List<String> out = MapLoop.map(t, "loop", n, List.of(new MapLoop.Result(TfNodes.F32),
        new MapLoop.Result(TfNodes.I32)), (b, i, frame) -> {
          String row = b.gather("row", frame.outer(x, TfNodes.F32), i, TfNodes.F32, 0, 0);
          String factor = b.cast("factor", b.t("AddV2", "plus_one", TfNodes.I32, i, b.i32Scalar("one", 1)),
              TfNodes.I32, TfNodes.F32);
          return List.of(b.t("Mul", "scaled", TfNodes.F32, row, factor), b.t("Mul", "twice", TfNodes.I32, i,
              b.i32Scalar("two", 2)));
        });
    t.identity("y", out.get(0), TfNodes.F32);
    t.identity("k", out.get(1), TfNodes.I32);
    return g.build();
  }

  @Test
  void eachRowIsScaledByItsIndexPlusOne() {
    INDArray x = Nd4j.create(new float[][] {{1, 2, 3}, {4, 5, 6}, {-1, 0, 0.5f}});
    INDArray y = TensorFlowRun.run(rowsTimesIndexPlusOne(), "x", x, "y");
    assertArrayEquals(new long[] {3, 3}, y.shape());
    assertArrayEquals(new float[] {1, 2, 3, 8, 10, 12, -3, 0, 1.5f}, y.reshape(9).toFloatVector(), 0f);
  }

  @Test
  void oneRowRunsOnce() {
    INDArray y = TensorFlowRun.run(rowsTimesIndexPlusOne(), "x", Nd4j.create(new float[][] {{7, 8, 9}}), "y");
    assertArrayEquals(new float[] {7, 8, 9}, y.reshape(3).toFloatVector(), 0f);
  }
}
