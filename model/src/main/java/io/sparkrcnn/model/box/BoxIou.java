package io.sparkrcnn.model.box;

/** Intersection over union of axis-aligned boxes {@code [ymin, xmin, ymax, xmax]} (any one frame, no +1). */
public final class BoxIou {
  private BoxIou() {}

  /** IoU of two boxes; 0 when their union is empty. */
  public static double iou(float[] a, float[] b) {
    double ih = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
    double iw = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
    double inter = Math.max(0, ih) * Math.max(0, iw);
    double union = area(a) + area(b) - inter;
    return union > 0 ? inter / union : 0;
  }

  public static double area(float[] box) {
    return Math.max(0, (double) box[2] - box[0]) * Math.max(0, (double) box[3] - box[1]);
  }
}
