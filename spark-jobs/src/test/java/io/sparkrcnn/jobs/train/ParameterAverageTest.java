package io.sparkrcnn.jobs.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The averaging arithmetic against hand-computed values, and the payload's bytes on the way through serialization. */
class ParameterAverageTest {
  private static INDArray row(float... v) {
    return Nd4j.createFromArray(v).reshape(1, v.length);
  }

  /** A graph of 2 inputs → 1 dense unit → 1 output: 3 + 2 = 5 parameters, 5 momentum values (Nesterov). */
  static ComputationGraph tiny() {
    ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(1).updater(new Nesterovs(0.1,
        0.9)).dataType(DataType.FLOAT).graphBuilder().addInputs("in")
        .addLayer("dense", new DenseLayer.Builder().nIn(2).nOut(1).activation(Activation.TANH).build(), "in")
        .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(1).nOut(1)
            .activation(Activation.IDENTITY).build(), "dense")
        .setOutputs("out").build());
    g.init();
    return g;
  }

  @Test
  void workerResultsAreSummedInPlaceThenDividedByTheirCountAsDl4jDoes() {
    ParameterPayload a = new ParameterPayload(row(1, 2, 3, 4, 5), row(0.5f, 1, 0, 0, 2), 7, 0, 2.0, 1);
    ParameterPayload b = new ParameterPayload(row(3, 4, 8, 0, -5), row(1.5f, 3, 1, 0, 0), 7, 0, 4.0, 1);
    ParameterPayload c = new ParameterPayload(row(2, 0, 1, 2, 3), row(1, 2, 2, 3, 1), 7, 0, 6.0, 1);
    ParameterAverage average = new ParameterAverage();
    assertSame(a, average.call(null, a));
    assertSame(a, average.call(a, null));
    ParameterPayload sum = average.call(average.call(a, b), c);
    assertSame(a, sum, "summed into the first result, no new arrays");
    assertArrayEquals(new float[] {6, 6, 12, 6, 3}, sum.params().toFloatVector());
    assertArrayEquals(new float[] {3, 6, 3, 3, 3}, sum.updaterState().toFloatVector());
    assertEquals(3, sum.count());

    ComputationGraph graph = tiny();
    INDArray driverParams = graph.params();
    double score = ParameterAverage.setInto(graph, sum);
    assertEquals(4.0, score, 1e-12);
    assertArrayEquals(new float[] {2, 2, 4, 2, 1}, graph.params().toFloatVector());
    assertArrayEquals(new float[] {1, 2, 1, 1, 1}, graph.getUpdater().getStateViewArray().toFloatVector());
    assertSame(driverParams, graph.params(), "set into the graph's own parameter array");
  }

  private static ParameterPayload roundTrip(ParameterPayload p) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(p);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (ParameterPayload) in.readObject();
    }
  }

  @Test
  void serializationCarriesTheRawBytesCountsAndShapesOfViewsToo() throws Exception {
    INDArray big = Nd4j.rand(DataType.FLOAT, 3, 1_500_000); // 18 MB: several 1 MB chunks
    INDArray view = Nd4j.createFromArray(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}).reshape(3, 4)
        .getRow(1); // offset 4 into its buffer
    ParameterPayload back = roundTrip(new ParameterPayload(big, view, 41, 3, 1.25, 2));
    assertEquals(big, back.params());
    assertArrayEquals(new long[] {3, 1_500_000}, back.params().shape());
    assertArrayEquals(new float[] {5, 6, 7, 8}, back.updaterState().toFloatVector());
    assertEquals(1.25, back.scoreSum());
    assertEquals(2, back.count());
    ComputationGraph graph = tiny();
    ParameterPayload noState = roundTrip(new ParameterPayload(row(1, 2, 3, 4, 5), null, 41, 3, 0, 0));
    assertNull(noState.updaterState());
    noState.loadInto(graph);
    assertEquals(41, graph.getIterationCount());
    assertEquals(3, graph.getEpochCount());
    assertArrayEquals(new float[] {1, 2, 3, 4, 5}, graph.params().toFloatVector());
    ParameterPayload doubles = roundTrip(new ParameterPayload(Nd4j.createFromArray(1.5, -2.25), null, 0, 0, 0, 1));
    assertEquals(DataType.DOUBLE, doubles.params().dataType());
    assertArrayEquals(new double[] {1.5, -2.25}, doubles.params().toDoubleVector());
  }

  @Test
  void aResultKeptInTheDriverJvmIsReadOnceAndReleasedWithItsRound() throws Exception {
    ParameterPayload kept = new ParameterPayload(row(1, 2), null, 3, 0, 0.5, 1);
    long key = DriverJvmResults.put("round-a", kept);
    long other = DriverJvmResults.put("round-a", kept);
    assertSame(kept, DriverJvmResults.take("round-a", key));
    java.io.IOException twice = assertThrows(java.io.IOException.class, () -> DriverJvmResults.take("round-a", key));
    assertTrue(twice.getMessage().contains("already read or released"), twice.getMessage());
    DriverJvmResults.release("round-a");
    assertThrows(java.io.IOException.class, () -> DriverJvmResults.take("round-a", other));
  }
}
