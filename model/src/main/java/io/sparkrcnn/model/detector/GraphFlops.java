package io.sparkrcnn.model.detector;

import io.sparkrcnn.model.roi.BoxClassifier;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Floating-point operations of one forward pass of a detector graph, counted from its layers and the shapes an
 * actual forward pass produces: convolutions ({@code 2 × outH × outW × Cout × Cin × kH × kW} per image) and the
 * second-stage box head ({@code 2 × multiply-adds} per RoI). Element-wise work (batch norm, ReLU) is left out.
 */
public final class GraphFlops {
  private GraphFlops() {}

  /** Forward FLOPs per image with {@code roisPerImage} RoIs through the box head. */
  public static double forwardPerImage(ComputationGraph graph, INDArray oneImage, int roisPerImage) {
    Map<String, INDArray> acts = graph.feedForward(oneImage, false);
    double flops = 0;
    for (var layer : graph.getLayers()) {
      var conf = layer.conf().getLayer();
      if (conf instanceof ConvolutionLayer) {
        INDArray w = layer.getParam("W");
        INDArray out = acts.get(conf.getLayerName());
        flops += 2.0 * out.size(2) * out.size(3) * w.length();
      } else if (conf instanceof BoxClassifier b) {
        int p2 = b.pooledSize() * b.pooledSize();
        double perRoi = 2.0 * p2 * b.featureChannels() * b.reducedChannels()
            + 2.0 * p2 * b.reducedChannels() * b.hiddenUnits()
            + 2.0 * b.hiddenUnits() * SecondStageOutput.predictionsPerRoi(b.numClasses());
        flops += perRoi * roisPerImage;
      }
    }
    return flops;
  }
}
