package io.sparkrcnn.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.model.config.ModelSettings;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.detector.FasterRcnnGraph;
import io.sparkrcnn.model.trainable.ParameterScopes;
import java.nio.file.Files;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Our ResNet-50 started from the DL4J zoo's: the zoo's own graph (random weights, saved as its model zip would be)
 * and ours must compute the same stride-16 features.
 */
class ZooResNet50WeightsTest extends ZooResNet50TestBase {
  /** An image in our input convention (RGB minus the means) and the same image as the zoo takes it (BGR). */
  private static INDArray[] rgbAndBgr() {
    Nd4j.getRandom().setSeed(3);
    INDArray rgb = Nd4j.rand(DataType.FLOAT, 1, 3, 128, 128).muli(255).subi(120);
    INDArray bgr = Nd4j.create(DataType.FLOAT, 1, 3, 128, 128);
    for (int c = 0; c < 3; c++) {
      bgr.get(NDArrayIndex.all(), NDArrayIndex.point(c), NDArrayIndex.all(), NDArrayIndex.all())
          .assign(rgb.get(NDArrayIndex.all(), NDArrayIndex.point(2 - c), NDArrayIndex.all(), NDArrayIndex.all()));
    }
    return new INDArray[] {rgb, bgr};
  }

  /** The stride-16 features: ours, and the zoo's activation after res4f's ReLU. */
  private static final String OURS = "resnet_v1_50/block3/unit_6/relu";
  private static final String ZOO = "res4f_branch";

  /** Inference-mode activations up to a layer (not through the heads). */
  private static java.util.Map<String, INDArray> upTo(ComputationGraph g, INDArray input, String vertex) {
    var layers = g.getLayers();
    int i = 0;
    while (!layers[i].conf().getLayer().getLayerName().equals(vertex)) {
      i++;
    }
    return g.feedForward(new INDArray[] {input}, i, false);
  }

  private static double maxAbs(INDArray a) {
    return a.dup().castTo(DataType.DOUBLE).amaxNumber().doubleValue();
  }

  private void assertSameFeatures(boolean batchNormTrainable) throws Exception {
    ModelSettings m = resnet50(batchNormTrainable);
    PipelineSettings s = PipelineSettings.parse(Files.readString(R50), "r50");
    ComputationGraph ours = FasterRcnnGraph.build(m, s.train(), 1);
    ComputationGraph fresh = FasterRcnnGraph.build(m, s.train(), 1);

    FineTuning.Restored r = ZooResNet50Weights.restore(ours, loaded, ParameterScopes.NONE, zooFile.toString());

    // conv1 + 13 units × 3 convolutions + 3 shortcuts = 43 convolutions, each with a batch norm of 4 arrays
    assertEquals(new FineTuning.Restored(43 * 5, 0, 3 * 2 + 8), r, "RPN (3 convolutions) and box head stay fresh");
    assertEquals(fresh.getParam("rpn/conv_W"), ours.getParam("rpn/conv_W"));
    INDArray[] image = rgbAndBgr();
    var a = upTo(ours, image[0], OURS);
    var z = upTo(zoo, image[1], ZOO);
    String[][] points = {{"resnet_v1_50/pool1", "stem-maxpool1"}, {"resnet_v1_50/block1/unit_3/relu", "res2c_branch"},
        {"resnet_v1_50/block2/unit_4/relu", "res3d_branch"}, {"resnet_v1_50/block3/unit_6/relu", "res4f_branch"}};
    StringBuilder report = new StringBuilder();
    for (String[] p : points) {
      INDArray diff = a.get(p[0]).sub(z.get(p[1]));
      report.append(String.format(java.util.Locale.ROOT, "%s: max |ours - zoo| %.3g of max |zoo| %.3g; ", p[1],
          maxAbs(diff), maxAbs(z.get(p[1]))));
    }
    INDArray features = a.get(OURS);
    INDArray expected = z.get(ZOO);
    double diff64 = 0;
    if (!batchNormTrainable) {
      // the same restore and comparison in double precision: what float32 leaves is rounding, not the mapping
      ComputationGraph ours64 = fresh.convertDataType(DataType.DOUBLE);
      ComputationGraph zoo64 = loaded.convertDataType(DataType.DOUBLE);
      ZooResNet50Weights.restore(ours64, zoo64, ParameterScopes.NONE, zooFile.toString());
      diff64 = maxAbs(upTo(ours64, image[0].castTo(DataType.DOUBLE), OURS).get(OURS)
          .sub(upTo(zoo64, image[1].castTo(DataType.DOUBLE), ZOO).get(ZOO)));
      report.append(String.format(java.util.Locale.ROOT, "in double precision: %.3g", diff64));
    }
    assertEquals(java.util.List.of(1L, 1024L, 8L, 8L), java.util.Arrays.stream(features.shape()).boxed().toList());
    System.out.println("zoo ResNet-50 equivalence (batch_norm_trainable " + batchNormTrainable + "): " + report);
    double scale = maxAbs(expected);
    assertTrue(scale > 1 && scale < 100, "features of order 1: " + report);
    assertTrue(maxAbs(features.sub(expected)) <= 1e-4 * scale, report.toString());
    assertTrue(diff64 <= 1e-9, report.toString());
    assertTrue(features.gt(0).castTo(DataType.DOUBLE).meanNumber().doubleValue() > 0.05, "not all ReLU-dead");
  }

  @Test
  void ourFrozenBatchNormResNet50ComputesTheZooGraphsStride16Features() throws Exception {
    assertSameFeatures(false);
  }

  @Test
  void ourTrainableBatchNormResNet50ComputesTheZooGraphsStride16FeaturesInInference() throws Exception {
    assertSameFeatures(true);
  }

  @Test
  void excludedScopesAreNotTakenFromTheZoo() throws Exception {
    PipelineSettings s = PipelineSettings.parse(Files.readString(R50), "r50");
    ComputationGraph ours = FasterRcnnGraph.build(s.model().withCanvas(128), s.train(), 1);
    ComputationGraph fresh = FasterRcnnGraph.build(s.model().withCanvas(128), s.train(), 1);
    FineTuning.Restored r = ZooResNet50Weights.restore(ours, loadZoo(),
        ParameterScopes.of("test", "resnet_v1_50/block3/", "rpn/"), zooFile.toString());
    // block 3: 6 units × 3 convolutions + a shortcut = 19 pairs of 5 arrays
    assertEquals(new FineTuning.Restored(43 * 5 - 19 * 5, 19 * 5 + 6, 8), r);
    String excluded = "resnet_v1_50/block3/unit_2/conv2_W";
    String restored = "resnet_v1_50/block2/unit_4/conv2_W";
    assertEquals(fresh.getParam(excluded), ours.getParam(excluded));
    assertEquals(zoo.getParam("res3d_branch2b_W"), ours.getParam(restored));
    assertFalse(fresh.getParam(restored).equals(ours.getParam(restored)));
  }
}
