package io.sparkrcnn.model.checkpoint;

import io.sparkrcnn.io.fs.FileSystems;
import io.sparkrcnn.model.config.ModelSettings;
import io.sparkrcnn.model.config.PipelineSettings;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.deeplearning4j.zoo.model.ResNet50;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The DL4J zoo's ResNet-50 as the tests of fine-tuning from it need it: its own graph (random weights, batch norms
 * calibrated) saved as its model zip would be, and read back.
 */
abstract class ZooResNet50TestBase {
  static final java.nio.file.Path R50 =
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

  static ModelSettings resnet50(boolean batchNormTrainable) throws Exception {
    String text = Files.readString(R50);
    if (batchNormTrainable) {
      text = text.replace("type: 'faster_rcnn_resnet50'", "type: 'faster_rcnn_resnet50'\n batch_norm_trainable: true");
    }
    return PipelineSettings.parse(text, "r50").model().withCanvas(128);
  }

  static ComputationGraph loadZoo() throws Exception {
    Path p = new Path(zooFile.toUri());
    return new Checkpoints(FileSystems.of(p, new Configuration()), p.getParent(), 1).loadFrom(p);
  }
}
