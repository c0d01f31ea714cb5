package io.sparkrcnn.model.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.model.backbone.ResNetBackbone;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.detector.FasterRcnnGraph;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The project's ND4J settings: oneDNN helpers in the detector's layers, compute threads per worker. */
class Nd4jRuntimeTest {

  /** What the backend's own binding says: libnd4j was built with oneDNN and uses it. */
  private static boolean backendUsesOneDnn() throws Exception {
    Class<?> c = Class.forName("org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment");
    return (Boolean) c.getMethod("isUseONEDNN").invoke(c.getMethod("getInstance").invoke(null));
  }

  @Test
  void theDetectorsConvolutionPoolingAndBatchNormLayersGetTheOneDnnHelpers() throws Exception {
    System.clearProperty(Nd4jRuntime.HELPERS_DISABLE); // as a user's JVM starts: the graph's code must set it
    String classifier = System.getProperty("sparkrcnn.nd4jClassifier", "");
    boolean oneDnn = backendUsesOneDnn();
    if (classifier.contains("onednn")) {
      assertTrue(oneDnn, "the " + classifier + " build reports oneDNN");
    }
    assertEquals(oneDnn, BaseMKLDNNHelper.mklDnnEnabled(), "DL4J's check finds org.nd4j.nativeblas.Nd4jCpu");

    PipelineSettings s = PipelineSettings.parse(
        Files.readString(Path.of("../cluster-configs/pipelines", "tiny_pets.config")), "tiny");
    ComputationGraph tiny = FasterRcnnGraph.build(s.model(), s.train(), 1);
    assertEquals("false", System.getProperty(Nd4jRuntime.HELPERS_DISABLE));
    int convs = 0;
    int norms = 0;
    for (Layer l : tiny.getLayers()) {
      if (l instanceof org.deeplearning4j.nn.layers.convolution.ConvolutionLayer) {
        convs++;
        check(l, MKLDNNConvHelper.class, oneDnn);
      } else if (l instanceof BatchNormalization) {
        norms++;
        check(l, MKLDNNBatchNormHelper.class, oneDnn);
      }
    }
    assertEquals(11, convs, "8 backbone and 3 RPN convolutions");
    assertEquals(8, norms);

    var g = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).convolutionMode(ConvolutionMode.Same)
        .graphBuilder().addInputs("image");
    String out = ResNetBackbone.resnet50(false).addTo(g, "image");
    ComputationGraph resnet = new ComputationGraph(g.setOutputs(out)
        .setInputTypes(InputType.convolutional(64, 64, 3)).build());
    resnet.init();
    check(resnet.getLayer("resnet_v1_50/pool1"), MKLDNNSubsamplingHelper.class, oneDnn);
    check(resnet.getLayer("resnet_v1_50/block3/unit_6/conv2"), MKLDNNConvHelper.class, oneDnn);
  }

  private static void check(Layer layer, Class<?> helper, boolean oneDnn) {
    String name = layer.conf().getLayer().getLayerName();
    if (oneDnn) {
      assertInstanceOf(helper, layer.getHelper(), name);
    } else {
      assertNull(layer.getHelper(), name + ": DL4J's own code without oneDNN");
    }
  }

  @Test
  void oneComputeThreadUsesOneCore() {
    var conv = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).list()
        .layer(new ConvolutionLayer.Builder(3, 3).nIn(64).nOut(64).activation(Activation.IDENTITY).build())
        .setInputType(InputType.convolutional(64, 64, 64)).build();
    var net = new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(conv);
    net.init();
    INDArray x = Nd4j.rand(DataType.FLOAT, 4, 64, 64, 64);
    Nd4jRuntime.computeThreads(1);
    try {
      for (int i = 0; i < 3; i++) {
        net.output(x); // warm-up: the JIT's own threads would count as CPU time below
      }
      var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long cpu0 = os.getProcessCpuTime();
      long wall0 = System.nanoTime();
      while (System.nanoTime() - wall0 < 1_500_000_000L) { // long enough for GC and JIT threads not to matter
        net.output(x);
      }
      double ratio = (double) (os.getProcessCpuTime() - cpu0) / (System.nanoTime() - wall0);
      assertTrue(ratio < 1.3, "CPU time / wall time " + ratio + " on one thread; " + Nd4jRuntime.threadsReport());
    } finally {
      Nd4jRuntime.computeThreads(Runtime.getRuntime().availableProcessors());
    }
  }
}
