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
 * seeded graph, against checksums it printed (see {@link #RECORDED}): any change to the proposals, the samples or
 * the arithmetic of the parts shows here.
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

  /**
   * Printed in double precision by the layer as its split into parts left it. The split itself changed no number:
   * before the sampling streams moved to {@code Seeds.mix}, the parts printed exactly the 50 values (double and
   * float, 17 digits) the unsplit layer of commit 67ac97b printed. Moving the streams then changed which RoIs are
   * sampled, so the training values were printed again; the inference output, which samples nothing, is still
   * the unsplit layer's {@code 6904.2330133391430}.
   */
  private static final Map<String, Double> RECORDED = Map.ofEntries(
      Map.entry("0/score", 1.3801061137094357),
      Map.entry("0/Loss/BoxClassifierLoss/localization_loss", 0.045738399934211076),
      Map.entry("0/Loss/BoxClassifierLoss/classification_loss", 1.3343677137752248),
      Map.entry("0/dreduceW", 3.0844000450634663),
      Map.entry("0/dreduceB", 1.4474235678440501),
      Map.entry("0/dhiddenW", 30.574294488876994),
      Map.entry("0/dhiddenB", 5.2773169728072860),
      Map.entry("0/dclassW", 1.0083469717870723),
      Map.entry("0/dclassB", 1.7400096813467300),
      Map.entry("0/dboxW", -1.0422748928969656),
      Map.entry("0/dboxB", 0.041248473915623250),
      Map.entry("0/dInput", 1.6463241943532474),
      Map.entry("7/score", 1.4000357945318158),
      Map.entry("7/Loss/BoxClassifierLoss/localization_loss", 0.031662188412704200),
      Map.entry("7/Loss/BoxClassifierLoss/classification_loss", 1.3683736061191114),
      Map.entry("7/dreduceW", 2.7673797727087996),
      Map.entry("7/dreduceB", 1.1229217031939012),
      Map.entry("7/dhiddenW", 31.195676370749993),
      Map.entry("7/dhiddenB", 5.4819748234995240),
      Map.entry("7/dclassW", 1.2955189971532988),
      Map.entry("7/dclassB", 1.5855924411913838),
      Map.entry("7/dboxW", 2.8005566897379937),
      Map.entry("7/dboxB", 1.7073891295360137),
      Map.entry("7/dInput", 1.4851519087182550),
      Map.entry("output", 6904.2330133391430));

  @Test
  void theLayerReproducesTheLossGradientsAndOutputItWasRecordedWith() {
    Map<String, Double> now = checksums(DataType.DOUBLE);
    assertEquals(RECORDED.keySet(), now.keySet());
    assertEquals(6904.2330133391430, now.get("output"), 1e-6 * 6904, "the unsplit layer's inference output");
    RECORDED.forEach((k, v) -> assertEquals(v, now.get(k), 1e-6 * Math.max(1, Math.abs(v)), k));
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
