package io.sparkrcnn.model.export;

import static io.sparkrcnn.model.export.FoldedGraphs.assertSameNodes;
import static io.sparkrcnn.model.export.FoldedGraphs.assertSameOutputs;
import static io.sparkrcnn.model.export.FoldedGraphs.backboneNodes;
import static io.sparkrcnn.model.export.FoldedGraphs.batchNorms;
import static io.sparkrcnn.model.export.FoldedGraphs.features;
import static io.sparkrcnn.model.export.FoldedGraphs.relativeDifference;
import static io.sparkrcnn.model.export.FoldedGraphs.shipped;
import static io.sparkrcnn.model.export.FoldedGraphs.trained;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.model.config.ModelSettings;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.detector.FasterRcnnGraph;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The folded ResNet-50 detector (frozen and trainable batch norm, random non-trivial statistics) against the trained
 * graph it comes from, and TensorFlow running its backbone.
 */
class InferenceGraphResNetTest {
  @BeforeAll
  static void floatPrecision() {
    Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
  }

  @ParameterizedTest(name = "batch norm trainable: {0}")
  @ValueSource(booleans = {false, true})
  void resNet50FoldedGivesTheSameOutputsAndTensorFlowItsFeatures(boolean batchNormTrainable) throws Exception {
    PipelineSettings s = shipped("faster_rcnn_resnet50_pets.config");
    ModelSettings r = s.model().withCanvas(128);
    ModelSettings m = new ModelSettings(r.numClasses(), r.featureExtractor(), batchNormTrainable, r.minDimension(),
        r.maxDimension(), r.firstStage(), r.secondStage(), r.postProcessing());
    ComputationGraph trained = trained(s, m, 11);
    ComputationGraph folded = InferenceGraph.fold(trained);
    // conv1 and per unit 3 convolutions and, in each block's first unit, the shortcut: 1 + 13·3 + 3.
    assertEquals(43, batchNorms(trained));
    assertEquals(0, batchNorms(folded));
    ConvolutionLayer conv1 = (ConvolutionLayer) folded.getLayer("resnet_v1_50/conv1").conf().getLayer();
    assertEquals(!batchNormTrainable, conv1.getActivationFn() instanceof ActivationReLU);

    INDArray image = Nd4j.rand(DataType.FLOAT, 1, 3, 128, 128).muli(255).subi(120);
    assertSameOutputs(trained, folded, image);
    assertNull(FasterRcnnGraph.mismatch(folded, m));

    FoldedGraphs.Nodes nodes = backboneNodes(folded);
    assertSameNodes(backboneNodes(trained), nodes);
    INDArray ours = folded.feedForward(image, false).get(features(folded)).permute(0, 2, 3, 1).dup('c');
    INDArray theirs = TensorFlowRun.run(nodes.graph(), "image_tensor", image.permute(0, 2, 3, 1), nodes.features());
    double diff = relativeDifference(ours, theirs);
    double positive = ours.gt(0).castTo(DataType.FLOAT).meanNumber().doubleValue();
    System.out.println("TensorFlow's features of the folded ResNet-50: relative difference " + diff + " (largest "
        + ours.amaxNumber() + ", " + positive + " of them positive)");
    assertTrue(positive > 0.05 && positive < 0.95, "the last ReLU clips some, not all: " + positive);
    assertTrue(diff < 1e-3, "TensorFlow's features differ by " + diff);
  }
}
