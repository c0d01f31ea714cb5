package io.sparkrcnn.model.backbone;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.activations.Activation;

/**
 * ResNet v1 with bottleneck units up to block 3 (stride 16, 1024 channels), as the reference's Faster R-CNN
 * feature extractors: conv1 7×7/2 (zero padding 3 on every side, as slim's {@code conv2d_same}) + max-pool 3×3/2,
 * then blocks of {@code units[b]} units of depth {@code 256·2^b} (bottleneck a quarter of that). The first unit of
 * blocks 2 and 3 strides 2 in its first 1×1 convolution and its shortcut, as the original (Caffe) ResNet whose
 * ImageNet weights the DL4J zoo's ResNet-50 carries (see {@code io.sparkrcnn.model.checkpoint.ZooResNet50Weights}); slim
 * strides in the 3×3 instead. Batch norm is frozen by default ({@link FrozenBatchNorm}) as the reference's
 * {@code batch_norm_trainable: false}. Block 4 is not built: the second stage uses the box head of
 * {@link io.sparkrcnn.model.roi.BoxClassifier} (1×1 reduction to 256, a 1024-unit layer) instead of the reference's
 * block-4 head.
 */
public final class ResNetBackbone implements Backbone {
  private final String name;
  private final int[] units;
  private final boolean batchNormTrainable;

  private ResNetBackbone(String name, int[] units, boolean batchNormTrainable) {
    this.name = name;
    this.units = units;
    this.batchNormTrainable = batchNormTrainable;
  }

  public static ResNetBackbone resnet50(boolean bnTrainable) {
    return new ResNetBackbone("resnet_v1_50", new int[] {3, 4, 6}, bnTrainable);
  }

  public static ResNetBackbone resnet101(boolean bnTrainable) {
    return new ResNetBackbone("resnet_v1_101", new int[] {3, 4, 23}, bnTrainable);
  }

  public static ResNetBackbone resnet152(boolean bnTrainable) {
    return new ResNetBackbone("resnet_v1_152", new int[] {3, 8, 36}, bnTrainable);
  }

  @Override
  public String addTo(GraphBuilder g, String input) {
    String p = name + "/";
    g.addLayer(p + "conv1", new ConvolutionLayer.Builder(7, 7).stride(2, 2).padding(3, 3)
        .convolutionMode(ConvolutionMode.Truncate).nOut(64).hasBias(false).activation(Activation.IDENTITY).build(),
        input);
    String stem = batchNormRelu(g, p + "conv1");
    g.addLayer(p + "pool1", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(3, 3)
        .stride(2, 2).build(), stem);
    String last = p + "pool1";
    int inDepth = 64;
    for (int b = 0; b < units.length; b++) {
      int depth = 256 << b;
      for (int u = 0; u < units[b]; u++) {
        int stride = b > 0 && u == 0 ? 2 : 1;
        last = unit(g, p + "block" + (b + 1) + "/unit_" + (u + 1), last, inDepth, depth, stride);
        inDepth = depth;
      }
    }
    return last;
  }

  private String unit(GraphBuilder g, String p, String input, int inDepth, int depth, int stride) {
    String shortcut = input;
    if (inDepth != depth || stride != 1) {
      g.addLayer(p + "/shortcut", conv(1, depth, stride), input);
      g.addLayer(p + "/shortcut/bn", batchNorm(), p + "/shortcut");
      shortcut = p + "/shortcut/bn";
    }
    int bottleneck = depth / 4;
    g.addLayer(p + "/conv1", conv(1, bottleneck, stride), input);
    g.addLayer(p + "/conv2", conv(3, bottleneck, 1), batchNormRelu(g, p + "/conv1"));
    g.addLayer(p + "/conv3", conv(1, depth, 1), batchNormRelu(g, p + "/conv2"));
    g.addLayer(p + "/conv3/bn", batchNorm(), p + "/conv3");
    g.addVertex(p + "/add", new ElementWiseVertex(ElementWiseVertex.Op.Add), p + "/conv3/bn", shortcut);
    g.addLayer(p + "/relu", relu(), p + "/add");
    return p + "/relu";
  }

  private static ConvolutionLayer conv(int k, int depth, int stride) {
    return new ConvolutionLayer.Builder(k, k).stride(stride, stride).nOut(depth).hasBias(false)
        .activation(Activation.IDENTITY).build();
  }

  private static ActivationLayer relu() {
    return new ActivationLayer.Builder().activation(Activation.RELU).build();
  }

  /**
   * Batch norm and ReLU after convolution {@code conv}, returning the vertex giving their output: one
   * {@code conv/bn} layer when frozen ({@link FrozenBatchNorm#withRelu()}), else {@code conv/bn} and
   * {@code conv/relu}. Checkpoints of the two-layer frozen form (saved before the fusion) restore with their own
   * configuration, and their parameters are named the same.
   */
  private String batchNormRelu(GraphBuilder g, String conv) {
    if (!batchNormTrainable) {
      g.addLayer(conv + "/bn", FrozenBatchNorm.withRelu(), conv);
      return conv + "/bn";
    }
    g.addLayer(conv + "/bn", batchNorm(), conv);
    g.addLayer(conv + "/relu", relu(), conv + "/bn");
    return conv + "/relu";
  }

  private Layer batchNorm() {
    return batchNormTrainable ? new BatchNormalization.Builder().eps(1e-5).build() : new FrozenBatchNorm();
  }

  @Override
  public int channels() {
    return 256 << (units.length - 1);
  }

  @Override
  public int headReducedChannels() {
    return 256;
  }

  @Override
  public int headHiddenUnits() {
    return 1024;
  }
}
