package io.sparkrcnn.model.detector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SecondStageOutputTest {
  private static final SecondStageOutput TWO_CLASSES = new SecondStageOutput(2, 2);

  @Test
  void aSlotHoldsTheBoxTheClassProbabilitiesAndTheCodesOfEveryClass() {
    assertEquals(15, TWO_CLASSES.valuesPerSlot());
    assertEquals(30, TWO_CLASSES.valuesPerImage());
    assertEquals(4 + 38 + 148, SecondStageOutput.valuesPerSlot(37));
    assertEquals(38 + 148, SecondStageOutput.predictionsPerRoi(37));
  }

  @Test
  void whatTheWriterPutsInASlotTheReaderReadsBackAndUnusedSlotsStayEmpty() {
    SecondStageOutput.Writer w = TWO_CLASSES.writer(2);
    double[] probs = {9, 0.1, 0.7, 0.2};
    double[] codes = {9, 1, 2, 3, 4, 5, 6, 7, 8};
    w.add(1, new float[] {1, 2, 3, 4}, probs, 1, codes, 1);
    INDArray array = w.toArray();
    assertArrayEquals(new long[] {2, 30}, array.shape());
    assertEquals(1, array.getDouble(1, 0), "image 1's first slot starts its row");
    SecondStageOutput.Reader r = TWO_CLASSES.read(array);
    assertEquals(2, r.images());
    assertArrayEquals(new float[] {1, 2, 3, 4}, r.box(1, 0));
    assertEquals(0.7, r.probability(1, 0, 1), 1e-12);
    assertArrayEquals(new float[] {5, 6, 7, 8}, r.codes(1, 0, 2));
    assertArrayEquals(new float[4], r.box(1, 1));
    assertArrayEquals(new float[4], r.box(0, 0));
  }

  @Test
  void anImageHasNoMoreSlotsThanTheLayoutSays() {
    SecondStageOutput.Writer w = new SecondStageOutput(2, 1).writer(1);
    w.add(0, new float[4], new double[3], 0, new double[8], 0);
    assertThrows(IllegalStateException.class, () -> w.add(0, new float[4], new double[3], 0, new double[8], 0));
  }

  @Test
  void theBoxClassifiersOutputIsFoundByNameAmongTheGraphsOutputs() {
    for (boolean boxFirst : new boolean[] {true, false}) {
      var g = new NeuralNetConfiguration.Builder().graphBuilder().addInputs(FasterRcnnGraph.INPUT)
          .addLayer(FasterRcnnGraph.RPN_LOSS, new ActivationLayer.Builder().build(), FasterRcnnGraph.INPUT)
          .addLayer(FasterRcnnGraph.BOX_CLASSIFIER, new ActivationLayer.Builder().build(), FasterRcnnGraph.INPUT)
          .setInputTypes(InputType.feedForward(2));
      g.setOutputs(boxFirst ? new String[] {FasterRcnnGraph.BOX_CLASSIFIER, FasterRcnnGraph.RPN_LOSS}
          : new String[] {FasterRcnnGraph.RPN_LOSS, FasterRcnnGraph.BOX_CLASSIFIER});
      ComputationGraph graph = new ComputationGraph(g.build());
      graph.init();
      INDArray[] outputs = {Nd4j.zeros(1, 2), Nd4j.ones(1, 2)};
      assertSame(outputs[boxFirst ? 0 : 1], SecondStageOutput.select(graph, outputs));
    }
  }
}
