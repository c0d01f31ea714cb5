package io.sparkrcnn.model.rpn;

/**
 * The first stage's proposals for every image of a batch, without gradient: from activations {@code [N, channels,
 * h, w]} (row-major) holding, from channel {@code channelOffset}, the RPN's A objectness logits and 4A box codes (see
 * {@link RpnOutputs}), each image's proposals by {@code generator} over {@code anchors}.
 */
public record BatchProposer(ProposalGenerator generator, int channelOffset, int anchorsPerCell) {

  /** Per image, its proposal boxes {@code [ymin, xmin, ymax, xmax]} in canvas pixels, best first. */
  public float[][][] propose(double[] activations, int images, int channels, int h, int w, AnchorSet anchors) {
    float[][][] out = new float[images][][];
    for (int i = 0; i < images; i++) {
      RpnOutputs rpn = RpnOutputs.of(activations, i, channels, channelOffset, anchorsPerCell, h, w);
      out[i] = generator.propose(anchors, rpn).boxes();
    }
    return out;
  }
}
