package io.sparkrcnn.model.roi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * The box classifier layer's loss, loss components, parameter and input gradients and inference output on a small
 * seeded graph, against checksums printed by the layer before it was split into parts (issue 11): the parts must
 * reproduce the same proposals, samples and numbers.
 */
class BoxClassifierLayerCharacterisationTest {
  private static final LayerWorkspaceMgr NO_WORKSPACES = LayerWorkspaceMgr.noWorkspaces();

  /** The layer of a one-layer graph of 2 classes on a 4×4 grid, parameters of order 1. */
  private static BoxClassifierLayer layer(DataType type, double proposalScoreThreshold) {
    BoxClassifier box = BoxClassifier.builder().anchors(DetectionLayersGradientTest.anchors()).featureChannels(3)
        .numClasses(2).head(3, 5).roiAlign(4, 2, 2).proposalNmsIou(0.7).proposalScoreThreshold(proposalScoreThreshold)
        .maxProposals(6).batchSize(6).positiveFraction(0.25).positiveIou(0.5).groundTruthAsProposals(true)
        .lossWeights(1, 2).l2(0).seed(5).build();
    ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().dataType(type).seed(3)
        .updater(new NoOp()).weightInit(WeightInit.XAVIER).graphBuilder()
        .addInputs("in").addLayer("box", box, "in").setOutputs("box")
        .setInputTypes(InputType.convolutional(4, 4, 13)).build();
    ComputationGraph g = new ComputationGraph(conf);
    g.init();
    g.initGradientsView();
    Nd4j.getRandom().setSeed(4); // parameters of order 1, so that every head output and both losses matter
    g.setParams(Nd4j.rand(DataType.DOUBLE, 1, g.numParams()).subi(0.5).castTo(type));
    return (BoxClassifierLayer) g.getLayer("box");
  }

  private static INDArray input(DataType type) {
    Nd4j.getRandom().setSeed(21);
    return Nd4j.rand(DataType.DOUBLE, 2, 13, 4, 4).muli(4).subi(2).castTo(type);
  }

  static Map<String, Double> checksums(DataType type) {
    BoxClassifierLayer layer = layer(type, 0);
    BoxClassifier box = layer.layerConf();
    INDArray in = input(type);
    INDArray labels = DetectionLayersGradientTest.groundTruth().castTo(type);
    Map<String, Double> out = new LinkedHashMap<>();
    for (int iteration : new int[] {0, 7}) {
      layer.setIterationCount(iteration);
      layer.setInput(in, NO_WORKSPACES);
      layer.setLabels(labels);
      Pair<Gradient, INDArray> p = layer.backpropGradient(null, NO_WORKSPACES);
      out.put(iteration + "/score", layer.computeScore(0, true, NO_WORKSPACES));
      layer.lossComponents().forEach((k, v) -> out.put(iteration + "/" + k, v));
      for (String k : BoxClassifierParams.INSTANCE.paramKeys(box)) {
        out.put(iteration + "/d" + k, weighted(p.getFirst().getGradientFor(k)));
      }
      out.put(iteration + "/dInput", weighted(p.getSecond()));
    }
    out.put("output", weighted(layer.activate(in, false, NO_WORKSPACES)));
    return out;
  }

  /** Σ x_i (1 + i mod 11): sensitive to where values are, not only to their sum. */
  private static double weighted(INDArray a) {
    double[] v = a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    double s = 0;
    for (int i = 0; i < v.length; i++) {
      s += v[i] * (1 + i % 11);
    }
    return s;
  }

  /** Printed by the layer as it was before issue 11 split it (commit 67ac97b), in double precision. */
  private static final Map<String, Double> BEFORE_THE_SPLIT = Map.ofEntries(
      Map.entry("0/score", 1.3723867173410016),
      Map.entry("0/Loss/BoxClassifierLoss/localization_loss", 0.031662188412704200),
      Map.entry("0/Loss/BoxClassifierLoss/classification_loss", 1.3407245289282970),
      Map.entry("0/dreduceW", 2.8817414393475910),
      Map.entry("0/dreduceB", 1.0828126297991650),
      Map.entry("0/dhiddenW", 29.598559115496986),
      Map.entry("0/dhiddenB", 5.4226485087357320),
      Map.entry("0/dclassW", 0.88352785958049230),
      Map.entry("0/dclassB", 1.5784767723842925),
      Map.entry("0/dboxW", 2.8005566897379937),
      Map.entry("0/dboxB", 1.7073891295360137),
      Map.entry("0/dInput", 1.4067444635671507),
      Map.entry("7/score", 1.3661636072334402),
      Map.entry("7/Loss/BoxClassifierLoss/localization_loss", 0.045738399934211076),
      Map.entry("7/Loss/BoxClassifierLoss/classification_loss", 1.3204252072992286),
      Map.entry("7/dreduceW", 2.5473065482514780),
      Map.entry("7/dreduceB", 1.4255473449058171),
      Map.entry("7/dhiddenW", 26.889388548531940),
      Map.entry("7/dhiddenB", 5.1765072866710450),
      Map.entry("7/dclassW", 0.77679117269566930),
      Map.entry("7/dclassB", 1.7264985113183150),
      Map.entry("7/dboxW", -1.0422748928969656),
      Map.entry("7/dboxB", 0.041248473915623250),
      Map.entry("7/dInput", 1.5686547083584959),
      Map.entry("output", 6904.2330133391430));

  @Test
  void theLayerReproducesTheLossGradientsAndOutputItHadBeforeItWasSplitIntoParts() {
    Map<String, Double> now = checksums(DataType.DOUBLE);
    assertEquals(BEFORE_THE_SPLIT.keySet(), now.keySet());
    BEFORE_THE_SPLIT.forEach((k, v) -> assertEquals(v, now.get(k), 1e-6 * Math.max(1, Math.abs(v)), k));
  }

  @Test
  void withNoProposalsAndNoObjectsTheLossGradientsAndOutputAreZero() {
    BoxClassifierLayer layer = layer(DataType.DOUBLE, 1.0); // no objectness of these small logits reaches 1
    INDArray in = input(DataType.DOUBLE);
    layer.setInput(in, NO_WORKSPACES);
    layer.setLabels(Nd4j.zeros(DataType.DOUBLE, 2, 10));
    Pair<Gradient, INDArray> p = layer.backpropGradient(null, NO_WORKSPACES);
    assertEquals(0, layer.computeScore(0, true, NO_WORKSPACES));
    assertEquals(0, p.getSecond().norm2Number().doubleValue());
    for (String k : BoxClassifierParams.INSTANCE.paramKeys(layer.layerConf())) {
      assertEquals(0, p.getFirst().getGradientFor(k).norm2Number().doubleValue(), k);
    }
    assertEquals(Map.of(FastRcnnLoss.CLASSIFICATION, 0.0, FastRcnnLoss.LOCALIZATION, 0.0), layer.lossComponents());
    INDArray out = layer.activate(in, false, NO_WORKSPACES);
    assertEquals(2 * 6 * 15, out.length());
    assertEquals(0, out.norm2Number().doubleValue());
  }
}
