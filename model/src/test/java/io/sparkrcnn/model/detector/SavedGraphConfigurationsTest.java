package io.sparkrcnn.model.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkrcnn.model.config.ModelSettings;
import io.sparkrcnn.model.config.PipelineSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checkpoints written before the layer configurations became immutable still load: the graph configurations in
 * {@code src/test/resources/graph-configurations} are {@code FasterRcnnGraph.configuration(model, train, 3).toJson()}
 * as that code wrote them (tiny_pets.config; faster_rcnn_resnet50_pets.config at a 128-pixel canvas). Each parses,
 * re-serialises to the JSON today's code writes for the same settings, and a graph built from it with its seed
 * computes what a graph built by today's code computes.
 */
class SavedGraphConfigurationsTest {
  private static final long SEED = 3;

  @BeforeAll
  static void floatPrecision() {
    Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
  }

  private static ComputationGraphConfiguration saved(String name) throws Exception {
    return ComputationGraphConfiguration.fromJson(Files.readString(
        Path.of("src/test/resources/graph-configurations", name)));
  }

  private static ComputationGraph graph(ComputationGraphConfiguration c) {
    ComputationGraph g = new ComputationGraph(c);
    g.init();
    return g;
  }

  private static void sameGraphs(ComputationGraphConfiguration old, ComputationGraphConfiguration now) {
    assertEquals(now.toJson(), old.toJson(), "the saved configuration is the one today's code builds");
    ComputationGraph a = graph(old);
    ComputationGraph b = graph(now);
    assertEquals(b.params(), a.params(), "the same initial parameters from the same seed");
    MultiDataSet data = FasterRcnnGraphTest.batch();
    INDArray[] outA = a.output(false, data.getFeatures(0));
    INDArray[] outB = b.output(false, data.getFeatures(0));
    for (int i = 0; i < outB.length; i++) {
      assertEquals(outB[i], outA[i], "inference output " + i);
    }
    assertEquals(b.score(data, true), a.score(data, true), 0, "training loss, sampling included");
  }

  @Test
  void theTinyModelSavedBeforeTheChangeLoadsAndComputesAsTodaysCode() throws Exception {
    PipelineSettings s = FasterRcnnGraphTest.shipped("tiny_pets.config");
    sameGraphs(saved("tiny_pets-128.json"), FasterRcnnGraph.configuration(s.model(), s.train(), SEED));
  }

  @Test
  void theResNet50ModelSavedBeforeTheChangeLoadsAndComputesAsTodaysCode() throws Exception {
    PipelineSettings s = FasterRcnnGraphTest.shipped("faster_rcnn_resnet50_pets.config");
    ModelSettings m = s.model().withCanvas(128);
    sameGraphs(saved("faster_rcnn_resnet50_pets-128.json"), FasterRcnnGraph.configuration(m, s.train(), SEED));
  }
}
