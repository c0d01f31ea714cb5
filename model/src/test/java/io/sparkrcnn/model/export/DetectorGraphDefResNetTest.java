package io.sparkrcnn.model.export;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.detector.FasterRcnnGraph;
import io.sparkrcnn.model.detector.ImageDetections;
import io.sparkrcnn.model.testing.TensorFlowDetector;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reference's ResNet-50/101/152 Pets detectors (on a small canvas, random weights with non-trivial batch-norm
 * statistics) as frozen graphs: TensorFlow gives our detections.
 */
@Tag("slow")
class DetectorGraphDefResNetTest {
  private static final int CANVAS = 160;

  /**
   * Random ResNets grow their activations by orders of magnitude: scale the heads' input weights so that features
   * reach them at about unit size, as trained weights would (proposal codes of order 1, no saturated softmax).
   */
  private static void tame(ComputationGraph net, io.sparkrcnn.model.config.ModelSettings model, BufferedImage img)
      throws Exception {
    String fv = net.getConfiguration().getVertexInputs().get("second_stage/input").get(0);
    float[] pixels = new float[3 * CANVAS * CANVAS];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (i * 37 % 255) - 128f;
    }
    INDArray image = Nd4j.create(pixels, new long[] {1, 3, CANVAS, CANVAS}, 'c');
    double scale = 1 / net.feedForward(image, false).get(fv).meanNumber().doubleValue();
    net.getLayer("rpn/conv").setParam("W", net.getLayer("rpn/conv").getParam("W").mul(scale));
    var box = net.getLayer(FasterRcnnGraph.BOX_CLASSIFIER);
    box.setParam("reduceW", box.getParam("reduceW").mul(scale));
  }

  @ParameterizedTest
  @ValueSource(strings = {"faster_rcnn_resnet50_pets.config", "faster_rcnn_resnet101_pets.config",
      "faster_rcnn_resnet152_pets.config"})
  void theReferencesResNetDetectorsGiveOurDetections(String config) throws Exception {
    PipelineSettings s = PipelineSettings.parse(Files.readString(Path.of("../cluster-configs/pipelines", config)),
        config);
    var model = s.model().withCanvas(CANVAS);
    ComputationGraph net = FasterRcnnGraph.build(model, s.train(), 17);
    RandomBatchNorms.randomize(net, 19);
    var box = net.getLayer(FasterRcnnGraph.BOX_CLASSIFIER);
    box.setParam("classW", box.getParam("classW").mul(4));
    BufferedImage img = DetectorGraphDefTest.image(120, 160, config.length());
    tame(net, model, img);
    var def = DetectorGraphDef.build(net, model, ExportInput.IMAGE_TENSOR);
    try (TensorFlowDetector tf = new TensorFlowDetector(def)) {
      List<String> id = List.of(config);
      ImageDetections expected = DetectorGraphDefTest.ours(net, model, List.of(img), id).get(0);
      ImageDetections actual = tf.detect(DetectorGraphDefTest.rgb(List.of(img)), 1, 120, 160, id).get(0);
      assertTrue(expected.scores().length > 20, "few detections: " + expected.scores().length);
      DetectorGraphDefTest.assertSame(expected, actual, 1e-3);
    }
  }
}
