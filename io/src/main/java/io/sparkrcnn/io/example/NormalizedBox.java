package io.sparkrcnn.io.example;

/** A box in normalised image coordinates ([0,1], origin top-left), as tf.train.Example stores it. */
public record NormalizedBox(float ymin, float xmin, float ymax, float xmax) {
  public boolean isEmpty() {
    return !(xmax > xmin && ymax > ymin);
  }

  /** This box clipped to the unit square. */
  public NormalizedBox clipped() {
    return new NormalizedBox(clamp(ymin), clamp(xmin), clamp(ymax), clamp(xmax));
  }

  public boolean insideUnitSquare() {
    return ymin >= 0 && xmin >= 0 && ymax <= 1 && xmax <= 1;
  }

  private static float clamp(float v) {
    return Math.max(0f, Math.min(1f, v));
  }
}
