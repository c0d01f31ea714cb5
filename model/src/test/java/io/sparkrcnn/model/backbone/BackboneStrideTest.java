package io.sparkrcnn.model.backbone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every backbone's feature map has the one stride {@link Backbone#STRIDE}: ceil(canvas / 16) cells a side. */
class BackboneStrideTest {
  @ParameterizedTest
  @CsvSource({"faster_rcnn_tiny, 128, 8", "faster_rcnn_tiny, 100, 7", "faster_rcnn_resnet50, 128, 8",
      "faster_rcnn_resnet50, 100, 7", "faster_rcnn_resnet101, 1987, 125", "faster_rcnn_resnet152, 600, 38"})
  void theFeatureMapHasOneCellPerStrideOfTheCanvas(String type, int canvas, int cells) {
    Backbone backbone = Backbone.named(type, false);
    var g = new NeuralNetConfiguration.Builder().convolutionMode(ConvolutionMode.Same).graphBuilder().addInputs("in");
    String features = backbone.addTo(g, "in");
    InputType in = InputType.convolutional(canvas, canvas, 3);
    var conf = g.setOutputs(features).setInputTypes(in).build();
    var out = (InputType.InputTypeConvolutional) conf.getLayerActivationTypes(in).get(features);
    assertEquals(cells, Backbone.featureSize(canvas), "ceil(" + canvas + " / " + Backbone.STRIDE + ")");
    assertEquals(cells, out.getHeight(), type + " at " + canvas);
    assertEquals(cells, out.getWidth(), type + " at " + canvas);
    assertEquals(backbone.channels(), out.getChannels(), type);
  }
}
