package io.sparkrcnn.model.trainable;

import io.sparkrcnn.model.checkpoint.Checkpoints;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.io.fs.FileSystems;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.detector.FasterRcnnGraph;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Frozen scopes: frozen parameters stay bit-identical through training and checkpoints, the others train. */
class FrozenParametersTest {
  private static PipelineSettings tiny;

  @TempDir
  java.nio.file.Path tmp;

  @BeforeAll
  static void settings() throws Exception {
    Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    tiny = PipelineSettings.parse(Files.readString(
        java.nio.file.Path.of("../cluster-configs/pipelines/tiny_pets.config")), "tiny");
  }

  /** Two 128×128 images, each with one bright square object. */
  static MultiDataSet batch() {
    Nd4j.getRandom().setSeed(5);
    INDArray images = Nd4j.rand(DataType.FLOAT, 2, 3, 128, 128).muli(20).subi(110);
    images.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.interval(20, 60), NDArrayIndex.interval(30, 70))
        .assign(120);
    images.get(NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.interval(64, 112), NDArrayIndex.interval(8, 40))
        .assign(120);
    INDArray gt = Nd4j.create(new float[][] {{20, 30, 60, 70, 1, 0, 0, 0, 0, 0}, {64, 8, 112, 40, 2, 0, 0, 0, 0, 0}});
    return new MultiDataSet(new INDArray[] {images}, new INDArray[] {gt, gt.dup()});
  }

  private static ComputationGraph build(ComputationGraphConfiguration conf) {
    ComputationGraph g = new ComputationGraph(conf);
    g.init();
    return g;
  }

  private static Map<String, float[]> snapshot(ComputationGraph g) {
    Map<String, float[]> s = new LinkedHashMap<>();
    g.paramTable().forEach((k, v) -> s.put(k, floats(v)));
    return s;
  }

  /** The values, for exact comparison (INDArray.equals allows 1e-5). */
  static float[] floats(INDArray a) {
    return a.dup('c').reshape(a.length()).toFloatVector();
  }

  private static boolean changed(Map<String, float[]> before, ComputationGraph g, String name) {
    return !Arrays.equals(before.get(name), floats(g.getParam(name)));
  }

  private static void train(ComputationGraph g, int steps) {
    MultiDataSet data = batch();
    for (int i = 0; i < steps; i++) {
      g.fit(data);
    }
  }

  @Test
  void frozenParametersStayBitIdenticalWhileTheSameOnesTrainWithoutFreezing() {
    ComputationGraphConfiguration conf = FasterRcnnGraph.configuration(tiny.model(), tiny.train(), 3);
    FrozenParameters.Frozen f = FrozenParameters.apply(conf, ParameterScopes.NONE,
        ParameterScopes.of("test", "tiny/conv1", "box_classifier_class"));
    assertEquals(List.of("tiny/conv1_down_W", "tiny/conv1_down/bn_gamma", "tiny/conv1_down/bn_beta", "tiny/conv1_W",
        "tiny/conv1/bn_gamma", "tiny/conv1/bn_beta", "box_classifier_classW", "box_classifier_classB"),
        f.parameters(), "batch norm statistics are not trainable parameters");
    assertEquals(5, f.layers());
    ComputationGraph frozen = build(conf);
    ComputationGraph control = FasterRcnnGraph.build(tiny.model(), tiny.train(), 3);
    Map<String, float[]> before = snapshot(frozen);
    assertEquals(before.keySet(), snapshot(control).keySet());

    train(frozen, 2);
    train(control, 2);

    for (String name : f.parameters()) {
      assertFalse(changed(before, frozen, name), name + " is frozen");
      assertTrue(changed(before, control, name), name + " trains without freezing");
    }
    for (String name : List.of("tiny/conv2_down_W", "tiny/conv2/bn_gamma", "rpn/conv_W", "rpn/objectness_b",
        "box_classifier_hiddenW", "box_classifier_boxW", "box_classifier_boxB")) {
      assertTrue(changed(before, frozen, name), name + " trains");
    }
    assertTrue(changed(before, frozen, "tiny/conv1/bn_mean"), "DL4J batch norm keeps moving its statistics");
  }

  @Test
  void onlyTheTrainableScopesTrainAndFreezeVariablesStillApplyInsideThem() {
    ComputationGraphConfiguration conf = FasterRcnnGraph.configuration(tiny.model(), tiny.train(), 3);
    FrozenParameters.Frozen f = FrozenParameters.apply(conf, ParameterScopes.of("update_trainable_variables", "rpn/"),
        ParameterScopes.of("freeze_variables", "rpn/conv_b"));
    ComputationGraph g = build(conf);
    Map<String, float[]> before = snapshot(g);
    train(g, 2);
    List<String> trained = before.keySet().stream().filter(n -> changed(before, g, n)).toList();
    assertEquals(java.util.Set.of("rpn/conv_W", "rpn/objectness_W", "rpn/objectness_b", "rpn/box_codes_W",
        "rpn/box_codes_b"), trained.stream().filter(n -> !n.matches(".*_(mean|var|log10stdev)")).collect(
            java.util.stream.Collectors.toSet()), "batch norm statistics aside");
    assertEquals(8 + 8 + 1 + 1, f.layers(), "8 convolutions, 8 batch norms, the RPN conv's bias, the box head");
    assertEquals(8 + 16 + 1 + 8, f.parameters().size());
  }

  @Test
  void frozenParametersStayFrozenThroughACheckpoint() throws Exception {
    ComputationGraphConfiguration conf = FasterRcnnGraph.configuration(tiny.model(), tiny.train(), 3);
    FrozenParameters.Frozen f = FrozenParameters.apply(conf, ParameterScopes.NONE,
        ParameterScopes.of("test", "tiny/conv2_W", "rpn/objectness_b", "box_classifier_hidden"));
    ComputationGraph g = build(conf);
    train(g, 1);
    Path dir = new Path(tmp.toUri().toString(), "train");
    Checkpoints checkpoints = new Checkpoints(FileSystems.of(dir, new Configuration()), dir, 2);
    ComputationGraph loaded = checkpoints.load(checkpoints.write(g, 1));

    assertEquals(f.parameters(), FrozenParameters.in(loaded.getConfiguration()).parameters());
    assertEquals(f.parameters(), FrozenParameters.in(g.getConfiguration()).parameters());
    Map<String, float[]> before = snapshot(loaded);
    train(loaded, 1);
    for (String name : f.parameters()) {
      assertArrayEquals(before.get(name), floats(loaded.getParam(name)), name);
    }
    assertTrue(changed(before, loaded, "tiny/conv3_W") && changed(before, loaded, "rpn/objectness_W")
        && changed(before, loaded, "box_classifier_classW"), "the rest trains after loading");
  }

  @Test
  void aScopeThatSplitsABatchNormIsOneLineNamingTheLayerAndTheFix() {
    ComputationGraphConfiguration conf = FasterRcnnGraph.configuration(tiny.model(), tiny.train(), 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FrozenParameters.apply(conf,
        ParameterScopes.NONE, ParameterScopes.of("train_config.freeze_variables", "tiny/conv1/bn_gamma")));
    assertEquals("layer tiny/conv1/bn: parameters [gamma] would be frozen (tiny/conv1/bn_gamma frozen by"
        + " 'tiny/conv1/bn_gamma' (train_config.freeze_variables)) but [beta] trained; DL4J can freeze a"
        + " BatchNormalization only whole: change the patterns to cover all of layer tiny/conv1/bn or none of it",
        e.getMessage());
  }

  @Test
  void aScopeMatchingNothingIsRefused() {
    ComputationGraphConfiguration conf = FasterRcnnGraph.configuration(tiny.model(), tiny.train(), 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FrozenParameters.apply(conf,
        ParameterScopes.of("--trainable_scopes", "FirstStageFeatureExtractor/"), ParameterScopes.NONE));
    assertTrue(e.getMessage().startsWith("'FirstStageFeatureExtractor/' (--trainable_scopes) matches no parameter"),
        e.getMessage());
  }
}
