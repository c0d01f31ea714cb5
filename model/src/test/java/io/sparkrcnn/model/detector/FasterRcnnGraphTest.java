package io.sparkrcnn.model.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.model.config.ModelSettings;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.rpn.RpnLoss;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/** The assembled detector: it learns a batch, its second stage trains the backbone, the ResNet-152 config runs. */
class FasterRcnnGraphTest {
  @BeforeAll
  static void floatPrecision() {
    Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
  }

  static PipelineSettings shipped(String name) throws Exception {
    return PipelineSettings.parse(Files.readString(Path.of("../cluster-configs/pipelines", name)), name);
  }

  /** Two 128×128 images, each with one bright square object of class 1 or 2 on a dark noisy background. */
  static MultiDataSet batch() {
    Nd4j.getRandom().setSeed(5);
    INDArray images = Nd4j.rand(DataType.FLOAT, 2, 3, 128, 128).muli(20).subi(110);
    images.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.all(),
        org.nd4j.linalg.indexing.NDArrayIndex.interval(20, 60), org.nd4j.linalg.indexing.NDArrayIndex.interval(30, 70))
        .assign(120);
    images.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1), org.nd4j.linalg.indexing.NDArrayIndex.point(2),
        org.nd4j.linalg.indexing.NDArrayIndex.interval(64, 112), org.nd4j.linalg.indexing.NDArrayIndex.interval(8, 40))
        .assign(120);
    INDArray gt = Nd4j.create(new float[][] {{20, 30, 60, 70, 1, 0, 0, 0, 0, 0}, {64, 8, 112, 40, 2, 0, 0, 0, 0, 0}});
    return new MultiDataSet(new INDArray[] {images}, new INDArray[] {gt, gt.dup()});
  }

  @Test
  void overfittingOneBatchDrivesTheLossNearZero() throws Exception {
    PipelineSettings s = shipped("tiny_pets.config");
    ComputationGraph g = FasterRcnnGraph.build(s.model(), s.train(), 3);
    MultiDataSet data = batch();
    double first = g.score(data, true);
    for (int i = 0; i < 150; i++) {
      g.fit(data);
    }
    double last = 0;
    for (int i = 0; i < 5; i++) {
      g.fit(data);
      last += g.score() / 5;
    }
    assertTrue(first > 1, "starting loss " + first);
    assertTrue(last < 0.1, "loss " + first + " -> " + last);
  }

  @Test
  void aGroundTruthClassAboveNumClassesFailsInsteadOfReadingTheNextRoisRow() throws Exception {
    String text = Files.readString(Path.of("../cluster-configs/pipelines", "tiny_pets.config"))
        .replace("num_classes: 37", "num_classes: 1");
    PipelineSettings s = PipelineSettings.parse(text, "one-class");
    ComputationGraph g = FasterRcnnGraph.build(s.model(), s.train(), 3);
    MultiDataSet data = batch(); // its second image's object is class 2
    Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> g.fit(data));
    Throwable cause = e;
    while (!(cause instanceof IllegalArgumentException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    assertTrue(cause.getMessage().contains("class id 2") && cause.getMessage().contains("num_classes 1"),
        cause.toString());
  }

  @Test
  void theStepMemoryEstimateGrowsWithTheBatchAndRefusesAHugeOne() throws Exception {
    PipelineSettings s = shipped("tiny_pets.config");
    ComputationGraph g = FasterRcnnGraph.build(s.model(), s.train(), 3);
    StepMemory m = StepMemory.of(g, s.model().canvasSize(), 7);
    // measured: about 48 MB of resident memory per image for this model (see StepMemory); the estimate is a lower
    // bound, at least the images and their forward activations
    long forward = 0;
    for (INDArray a : g.feedForward(Nd4j.rand(DataType.FLOAT, 1, 3, 128, 128), false).values()) {
      forward += a.length() * 4;
    }
    assertTrue(m.perImageBytes() > forward && m.perImageBytes() < 48_000_000L, m.toString());
    assertTrue(m.fixedBytes() > 3 * 4L * g.numParams(), "parameters, gradients, updater state: " + m);
    assertTrue(m.bytes(10_000) > 100e9, m.toString());
    long fits = m.largestBatch(4.0 * (1L << 30));
    assertTrue(m.bytes(fits) <= 4.0 * (1L << 30) && m.bytes(fits + 1) > 4.0 * (1L << 30), "fits " + fits);
    assertEquals(0, m.largestBatch(m.fixedBytes()));
  }

  @Test
  void theSecondStageLossAloneChangesTheBackboneWeights() throws Exception {
    String text = Files.readString(Path.of("../cluster-configs/pipelines", "tiny_pets.config"))
        .replace("first_stage_localization_loss_weight: 2.0", "first_stage_localization_loss_weight: 0.0")
        .replace("first_stage_objectness_loss_weight: 1.0", "first_stage_objectness_loss_weight: 0.0");
    PipelineSettings s = PipelineSettings.parse(text, "no-first-stage-loss");
    ComputationGraph g = FasterRcnnGraph.build(s.model(), s.train(), 3);
    RpnLoss rpn = (RpnLoss) g.getLayer(FasterRcnnGraph.RPN_LOSS).conf().getLayer();
    assertEquals(0, rpn.objectnessWeight() + rpn.localizationWeight(), "the config's first-stage weights");
    INDArray before = g.getParam("tiny/conv1_down_W").dup();
    INDArray rpnBefore = g.getParam("rpn/conv_W").dup();
    g.fit(batch());
    assertEquals(0, g.getLayer(FasterRcnnGraph.RPN_LOSS).score(), 1e-12, "first stage contributes nothing");
    assertNotEquals(0.0, g.getParam("tiny/conv1_down_W").sub(before).norm2Number().doubleValue(),
        "the backbone's first convolution moved");
    assertEquals(rpnBefore, g.getParam("rpn/conv_W"), "the RPN conv gets no gradient from the box classifier");
  }

  @Test
  void theResNet152PetsConfigBuildsAndRunsAForwardPassOnA600PixelImage() throws Exception {
    PipelineSettings s = shipped("faster_rcnn_resnet152_pets.config");
    ModelSettings m = s.model();
    ComputationGraph g = FasterRcnnGraph.build(m, s.train(), 1);
    long params = g.numParams();
    assertTrue(params > 55_000_000 && params < 75_000_000, "ResNet-152 Faster R-CNN parameters: " + params);
    INDArray image = Nd4j.rand(DataType.FLOAT, 1, 3, m.canvasSize(), m.canvasSize()).muli(255).subi(120);
    // a 600×600 image keeps its size (min 600, max 1024) and is padded into the 1024×1024 canvas
    image.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
        org.nd4j.linalg.indexing.NDArrayIndex.interval(600, m.canvasSize()), org.nd4j.linalg.indexing.NDArrayIndex.all())
        .assign(0);
    image.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
        org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(600, m.canvasSize()))
        .assign(0);
    INDArray out = SecondStageOutput.select(g, g.output(false, image));
    assertEquals(new SecondStageOutput(m.numClasses(), m.firstStage().maxProposals()).valuesPerImage(), out.size(1));
    assertTrue(java.util.Arrays.stream(out.toDoubleVector()).allMatch(Double::isFinite), "finite outputs");
    assertTrue(java.util.Arrays.stream(out.toDoubleVector()).anyMatch(v -> v != 0), "proposals were made");
  }

  @Test
  void aResNet50WithFrozenBatchNormTakesTrainingStepsAndKeepsItsStatistics() throws Exception {
    PipelineSettings s = shipped("faster_rcnn_resnet50_pets.config");
    ComputationGraph g = FasterRcnnGraph.build(s.model().withCanvas(128), s.train(), 1);
    INDArray gammaBefore = g.getParam("resnet_v1_50/block2/unit_1/conv1/bn_gamma").dup();
    INDArray convBefore = g.getParam("resnet_v1_50/block2/unit_1/conv1_W").dup();
    MultiDataSet data = batch();
    g.fit(data);
    g.fit(data);
    assertTrue(Double.isFinite(g.score()), "loss " + g.score());
    assertEquals(gammaBefore, g.getParam("resnet_v1_50/block2/unit_1/conv1/bn_gamma"), "frozen batch norm");
    assertNotEquals(0.0, g.getParam("resnet_v1_50/block2/unit_1/conv1_W").sub(convBefore).norm2Number().doubleValue(),
        "convolutions train");
  }
}
