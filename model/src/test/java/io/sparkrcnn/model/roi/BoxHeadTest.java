package io.sparkrcnn.model.roi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A box head of one channel, one pooled cell, one reduced channel, one hidden unit and one class, on two RoIs whose
 * crops are 1 and 0.25: the second RoI's reduction is negative, so ReLU stops its gradient.
 */
class BoxHeadTest {
  private static INDArray row(double... v) {
    return Nd4j.create(new double[][] {v});
  }

  private static final Map<String, INDArray> PARAMS = Map.of(
      BoxClassifierParams.REDUCE_W, row(2), BoxClassifierParams.REDUCE_B, row(-1),
      BoxClassifierParams.HIDDEN_W, row(3), BoxClassifierParams.HIDDEN_B, row(0.5),
      BoxClassifierParams.CLASS_W, row(1, -1), BoxClassifierParams.CLASS_B, row(0, 0.5),
      BoxClassifierParams.BOX_W, row(1, 2, 3, 4), BoxClassifierParams.BOX_B, row(0, 0, 0, -1));
  private static final BoxHead HEAD = BoxHead.of(PARAMS::get, 1, DataType.DOUBLE);

  @Test
  void theForwardPassReducesThenTheHiddenLayerThenLogitsAndCodes() {
    BoxHead.Activations a = HEAD.forward(new double[] {1, 0.25}, 2);
    // RoI 0: z1 = 2 − 1 = 1, a2 = 3 + 0.5 = 3.5; RoI 1: z1 = −0.5 → 0, a2 = 0.5
    assertArrayEquals(new double[] {3.5, -3, 0.5, 0}, a.logitValues(), 1e-12);
    assertArrayEquals(new double[] {3.5, 7, 10.5, 13, 0.5, 1, 1.5, 1}, a.codeValues(), 1e-12);
  }

  @Test
  void theBackwardPassGivesEveryParametersGradientAndTheCrops() {
    BoxHead.Activations a = HEAD.forward(new double[] {1, 0.25}, 2);
    BoxHead.Gradients g = HEAD.backward(a, new double[] {1, 0, 0, 1}, new double[] {0, 0, 0, 1, 1, 0, 0, 0});
    assertArrayEquals(new double[] {3.5, 0.5}, values(g, BoxClassifierParams.CLASS_W), 1e-12);
    assertArrayEquals(new double[] {1, 1}, values(g, BoxClassifierParams.CLASS_B), 1e-12);
    assertArrayEquals(new double[] {0.5, 0, 0, 3.5}, values(g, BoxClassifierParams.BOX_W), 1e-12);
    assertArrayEquals(new double[] {1, 0, 0, 1}, values(g, BoxClassifierParams.BOX_B), 1e-12);
    // dA2 = dLogits · classWᵀ + dCodes · boxWᵀ = (1 + 4, −1 + 1); both z2 > 0
    assertArrayEquals(new double[] {5}, values(g, BoxClassifierParams.HIDDEN_W), 1e-12);
    assertArrayEquals(new double[] {5}, values(g, BoxClassifierParams.HIDDEN_B), 1e-12);
    // dZ1 = (5 × 3, 0 stopped by ReLU)
    assertArrayEquals(new double[] {15}, values(g, BoxClassifierParams.REDUCE_W), 1e-12);
    assertArrayEquals(new double[] {15}, values(g, BoxClassifierParams.REDUCE_B), 1e-12);
    assertArrayEquals(new double[] {30, 0}, g.crops(), 1e-12);
  }

  private static double[] values(BoxHead.Gradients g, String key) {
    return g.params().get(key).dup('c').data().asDouble();
  }
}
