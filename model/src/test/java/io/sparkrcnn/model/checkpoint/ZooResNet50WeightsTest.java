package io.sparkrcnn.model.checkpoint;

import io.sparkrcnn.model.trainable.ParameterScopes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.io.fs.FileSystems;
import io.sparkrcnn.model.config.ModelSettings;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.detector.FasterRcnnGraph;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.deeplearning4j.zoo.model.ResNet50;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Our ResNet-50 started from the DL4J zoo's: the zoo's own graph (random weights, saved as its model zip would be)
 * and ours must compute the same stride-16 features.
 */
class ZooResNet50WeightsTest {
  private static final java.nio.file.Path R50 =
      java.nio.file.Path.of("../cluster-configs/pipelines/faster_rcnn_resnet50_pets.config");

  @TempDir
  static java.nio.file.Path tmp;

  /** The stand-in for resnet50_dl4j_inference.v3.zip. */
  static java.nio.file.Path zooFile;
  static ComputationGraph zoo;
  /** The zoo graph as read back from its zip. */
  static ComputationGraph loaded;

  @BeforeAll
  static void zooModelZip() throws Exception {
    Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    var builder = ResNet50.builder().numClasses(10).inputShape(new int[] {3, 128, 128}).seed(7)
        .weightInit(WeightInit.RELU.getWeightInitFunction()).build().graphBuilder();
    // The zoo's code strides res2a by 2 and pools without padding; the network its ImageNet weights were trained
    // in (Caffe's ResNet-50, through Keras) strides res2a by 1 and pools in Caffe's ceil mode, which is DL4J's Same
    // for even sizes. Neither has parameters; set them as the weights' network so that the features can be compared.
    for (String shortcutOrBranch : new String[] {"res2a_branch2a", "res2a_branch1"}) {
      ((ConvolutionLayer) ((LayerVertex) builder.getVertices().get(shortcutOrBranch)).getLayerConf().getLayer())
          .setStride(new int[] {1, 1});
    }
    ((SubsamplingLayer) ((LayerVertex) builder.getVertices().get("stem-maxpool1")).getLayerConf().getLayer())
        .setConvolutionMode(ConvolutionMode.Same);
    zoo = new ComputationGraph(builder.build());
    zoo.init();
    // Batch norm starts as the identity and convolution biases at 0: make every statistic, scale, shift and bias
    // matter.
    Nd4j.getRandom().setSeed(11);
    for (var e : zoo.paramTable().entrySet()) {
      String k = e.getKey();
      INDArray p = e.getValue();
      long n = p.length();
      if (k.endsWith("_gamma")) {
        p.assign(Nd4j.rand(DataType.FLOAT, n).muli(0.7).addi(0.3).reshape(p.shape()));
      } else if (k.endsWith("_beta") || (k.endsWith("_b") && !k.startsWith("output"))) {
        p.assign(Nd4j.randn(DataType.FLOAT, n).muli(0.2).reshape(p.shape()));
      }
    }
    calibrateBatchNorm();
    zooFile = tmp.resolve("resnet50_dl4j_inference.v3.zip");
    ModelSerializer.writeModel(zoo, zooFile.toFile(), false);
    loaded = loadZoo();
  }

  /**
   * Sets each batch norm's statistics near those of its input in a training-mode pass over two images (which
   * normalises by batch statistics), each mean shifted by up to a tenth of a standard deviation and each variance
   * scaled by 0.8–1.25: the zoo's inference-mode activations then stay of order 1 through 13 units, as an
   * ImageNet-trained model's do, so that an absolute tolerance means something.
   */
  private static void calibrateBatchNorm() {
    INDArray images = Nd4j.rand(DataType.FLOAT, 2, 3, 128, 128).muli(255).subi(120);
    var acts = zoo.feedForward(images, true);
    var conf = zoo.getConfiguration();
    for (var e : conf.getVertices().entrySet()) {
      if (e.getValue() instanceof LayerVertex v && v.getLayerConf().getLayer() instanceof BatchNormalization) {
        INDArray x = acts.get(conf.getVertexInputs().get(e.getKey()).get(0)).castTo(DataType.DOUBLE);
        INDArray mean = x.mean(0, 2, 3);
        INDArray var = x.var(false, 0, 2, 3);
        long c = mean.length();
        INDArray std = Transforms.sqrt(var, true);
        mean.addi(Nd4j.rand(DataType.DOUBLE, c).muli(0.2).subi(0.1).muli(std));
        var.muli(Nd4j.rand(DataType.DOUBLE, c).muli(0.45).addi(0.8));
        zoo.getParam(e.getKey() + "_mean").assign(mean.castTo(DataType.FLOAT).reshape(1, c));
        zoo.getParam(e.getKey() + "_log10stdev").assign(Transforms.log(var, 10, true).muli(0.5).castTo(DataType.FLOAT)
            .reshape(1, c));
      }
    }
  }

  private static ModelSettings resnet50(boolean batchNormTrainable) throws Exception {
    String text = Files.readString(R50);
    if (batchNormTrainable) {
      text = text.replace("type: 'faster_rcnn_resnet50'", "type: 'faster_rcnn_resnet50'\n batch_norm_trainable: true");
    }
    return PipelineSettings.parse(text, "r50").model().withCanvas(128);
  }

  private static ComputationGraph loadZoo() throws Exception {
    Path p = new Path(zooFile.toUri());
    return new Checkpoints(FileSystems.of(p, new Configuration()), p.getParent(), 1).loadFrom(p);
  }

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

  @Test
  void theZooStructureIsRecognisedAndOtherGraphsAreNot() throws Exception {
    assertTrue(ZooResNet50Weights.isResNet50(zoo));
    var conf = new NeuralNetConfiguration.Builder().graphBuilder().addInputs("in")
        .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(4).build(), "in")
        .addLayer("bn", new BatchNormalization.Builder().build(), "conv")
        .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2).build(), "bn")
        .setOutputs("out").setInputTypes(InputType.convolutional(8, 8, 3)).build();
    ComputationGraph small = new ComputationGraph(conf);
    small.init();
    assertFalse(ZooResNet50Weights.isResNet50(small));
    PipelineSettings s = PipelineSettings.parse(Files.readString(R50), "r50");
    ComputationGraph ours = FasterRcnnGraph.build(s.model().withCanvas(128), s.train(), 1);
    UnusableCheckpointException e = assertThrows(UnusableCheckpointException.class,
        () -> ZooResNet50Weights.restore(ours, small, ParameterScopes.NONE, "/models/small.zip"));
    assertEquals("fine_tune_checkpoint /models/small.zip is neither a DL4J zoo ResNet-50"
        + " (resnet50_dl4j_inference.v3.zip) nor a SparkRCNN model.ckpt-N: it has no residual additions",
        e.getMessage());
  }

  @Test
  void aZooResNet50CannotStartAnotherFeatureExtractor() throws Exception {
    String text = Files.readString(java.nio.file.Path.of("../cluster-configs/pipelines/tiny_pets.config"))
        .replace("train_config: {\n", "train_config: {\n  fine_tune_checkpoint: '" + zooFile + "'\n"
            + "  fine_tune_checkpoint_type: 'classification'\n");
    PipelineSettings s = PipelineSettings.parse(text, "tiny");
    Path dir = new Path(tmp.resolve("train-tiny").toUri());
    Checkpoints checkpoints = new Checkpoints(FileSystems.of(dir, new Configuration()), dir, 1);
    UnusableCheckpointException e = assertThrows(UnusableCheckpointException.class, () -> StartingGraph.create(s,
        checkpoints, 1, new PrintWriter(new StringWriter()), null, null));
    assertEquals("fine_tune_checkpoint " + new Path(zooFile.toString()) + " is not a SparkRCNN model.ckpt-N; a"
        + " classification checkpoint from the DL4J zoo (ResNet-50) can start only feature_extractor type"
        + " faster_rcnn_resnet50, the config has faster_rcnn_tiny", e.getMessage());
  }

  @Test
  void aClassificationCheckpointFromTheZooStartsTheResNet50PetsConfig() throws Exception {
    String text = Files.readString(R50)
        .replace("PATH_TO_BE_CONFIGURED/model.ckpt", zooFile.toString())
        .replace("from_detection_checkpoint: true", "fine_tune_checkpoint_type: 'classification'\n"
            + "  freeze_variables: 'resnet_v1_50/conv1'\n  freeze_variables: 'resnet_v1_50/block1'");
    PipelineSettings s = PipelineSettings.parse(text, "r50");
    Path dir = new Path(tmp.resolve("train-r50").toUri());
    StringWriter log = new StringWriter();
    ComputationGraph g = StartingGraph.create(s, new Checkpoints(FileSystems.of(dir, new Configuration()), dir, 1),
        1, new PrintWriter(log), null, null);
    // frozen: conv1 and its batch norm, block 1's 3 units × 3 (+ 1 shortcut) convolutions and batch norms
    assertEquals("fine-tuning from " + new Path(zooFile.toString()) + ": 215 parameter arrays restored, 14"
        + " initialised afresh, 0 excluded (classification: DL4J zoo ResNet-50); 22 layers frozen (55 parameter"
        + " arrays)\n", log.toString());
    assertEquals(zoo.getParam("res4f_branch2c_W"), g.getParam("resnet_v1_50/block3/unit_6/conv3_W"));
  }
}
