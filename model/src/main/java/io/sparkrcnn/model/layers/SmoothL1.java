package io.sparkrcnn.model.layers;

/** The Huber loss with δ = 1 that the reference's localisation losses sum over box-code coordinates. */
public final class SmoothL1 {
  private SmoothL1() {}

  public static double value(double d) {
    double a = Math.abs(d);
    return a < 1 ? 0.5 * d * d : a - 0.5;
  }

  public static double derivative(double d) {
    return Math.abs(d) < 1 ? d : Math.signum(d);
  }
}
