package io.sparkrcnn.model.backbone;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.nd4j.linalg.activations.Activation;

/**
 * A small plain convolutional backbone that trains from scratch on two CPU cores in minutes (tests, the demo):
 * four stride-2 3×3 convolutions (16, 32, 64, 128 channels) each followed by a stride-1 3×3, all with
 * trainable batch norm and ReLU (normalisation is what lets it train from scratch in minutes), He init.
 */
public final class TinyBackbone implements Backbone {
  private static final int[] WIDTHS = {16, 32, 64, 128};

  @Override
  public String addTo(GraphBuilder graph, String input) {
    String last = input;
    for (int i = 0; i < WIDTHS.length; i++) {
      String p = "tiny/conv" + (i + 1);
      last = convBnRelu(graph, p + "_down", last, WIDTHS[i], 2);
      last = convBnRelu(graph, p, last, WIDTHS[i], 1);
    }
    return last;
  }

  private static String convBnRelu(GraphBuilder graph, String name, String input, int width, int stride) {
    graph.addLayer(name, new ConvolutionLayer.Builder(3, 3).stride(stride, stride).nOut(width).hasBias(false)
        .activation(Activation.IDENTITY).build(), input);
    graph.addLayer(name + "/bn", new BatchNormalization.Builder().decay(0.99).build(), name);
    graph.addLayer(name + "/relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), name + "/bn");
    return name + "/relu";
  }

  @Override
  public int channels() {
    return WIDTHS[WIDTHS.length - 1];
  }

  @Override
  public int headReducedChannels() {
    return 64;
  }

  @Override
  public int headHiddenUnits() {
    return 256;
  }
}
