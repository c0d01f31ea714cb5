package io.sparkrcnn.model.box;

/**
 * The Faster R-CNN box coding of the Object Detection API ({@code FasterRcnnBoxCoder}): a box relative
 * to an anchor as {@code [ty, tx, th, tw] = [dy/ha·sy, dx/wa·sx, log(h/ha)·sh, log(w/wa)·sw]} with the
 * scale factors {@code [10, 10, 5, 5]} by default. Boxes are {@code [ymin, xmin, ymax, xmax]}, any frame.
 */
public record FasterRcnnBoxCoder(double scaleY, double scaleX, double scaleH, double scaleW) {
  private static final double EPSILON = 1e-8; // as the reference: no log(0) for degenerate boxes

  public static FasterRcnnBoxCoder withDefaultScales() {
    return new FasterRcnnBoxCoder(10, 10, 5, 5);
  }

  public float[] encode(float[] box, float[] anchor) {
    double ha = anchor[2] - anchor[0] + EPSILON;
    double wa = anchor[3] - anchor[1] + EPSILON;
    double h = box[2] - box[0] + EPSILON;
    double w = box[3] - box[1] + EPSILON;
    double ty = ((box[0] + box[2]) / 2.0 - (anchor[0] + anchor[2]) / 2.0) / ha * scaleY;
    double tx = ((box[1] + box[3]) / 2.0 - (anchor[1] + anchor[3]) / 2.0) / wa * scaleX;
    return new float[] {(float) ty, (float) tx, (float) (Math.log(h / ha) * scaleH), (float) (Math.log(w / wa) * scaleW)};
  }

  public float[] decode(float[] code, float[] anchor) {
    double ha = anchor[2] - anchor[0];
    double wa = anchor[3] - anchor[1];
    double yc = code[0] / scaleY * ha + (anchor[0] + anchor[2]) / 2.0;
    double xc = code[1] / scaleX * wa + (anchor[1] + anchor[3]) / 2.0;
    double h = Math.exp(code[2] / scaleH) * ha;
    double w = Math.exp(code[3] / scaleW) * wa;
    return new float[] {(float) (yc - h / 2), (float) (xc - w / 2), (float) (yc + h / 2), (float) (xc + w / 2)};
  }
}
