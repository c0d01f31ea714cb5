package io.sparkrcnn.model.export;

/**
 * The range one float tensor is stored in as 8-bit codes by graph_transforms {@code quantize_weights}, with the
 * arithmetic TensorFlow does on it: codes as {@code FloatToQuantized<quint8>} rounds them, floats back as the CPU
 * {@code Dequantize} kernel in {@code MIN_FIRST} mode computes them (the Eigen path, float arithmetic).
 *
 * <p>The range is the tensor's smallest and largest value widened to contain 0. As in the transform, the largest
 * value starts from {@link Float#MIN_NORMAL} rather than 0, so a tensor of values all {@code <= 0} keeps that as its
 * maximum (against any normal minimum it subtracts to nothing, the floats come back the same). One deviation: where
 * the step {@code (max - min) / 255} would be subnormal (an all-zero tensor: [0, {@code MIN_NORMAL}]), TensorFlow's
 * {@code Dequantize} flushes it to zero and returns NaN for every element (measured on TensorFlow 2.18), so such a
 * tensor gets [min, min + 1] instead, which is [0, 1] for zeros.
 */
final class Quint8Range {
  private static final double STEPS = 256;
  private static final double HIGHEST = 255;

  private final float min;
  private final float max;

  Quint8Range(float min, float max) {
    this.min = min;
    this.max = max;
  }

  /** The range of {@code values}; {@code what} names them when one is not finite. */
  static Quint8Range of(float[] values, String what) {
    float lo = Float.MAX_VALUE;
    float hi = Float.MIN_NORMAL;
    for (float v : values) {
      if (!Float.isFinite(v)) {
        throw new IllegalArgumentException(what + " holds " + v + ": only finite weights can be quantized");
      }
      lo = v < lo ? v : lo;
      hi = hi < v ? v : hi;
    }
    lo = 0f < lo ? 0f : lo;
    if (!Float.isFinite(hi - lo)) {
      throw new IllegalArgumentException(what + " spans [" + lo + ", " + hi + "], wider than a float can step through");
    }
    return step(lo, hi) < Float.MIN_NORMAL ? new Quint8Range(lo, lo + 1f) : new Quint8Range(lo, hi);
  }

  float min() {
    return min;
  }

  float max() {
    return max;
  }

  /** The code of {@code value}: {@code round(v·s) − round(min·s)} with {@code s = 255 / (max − min)}, clamped. */
  int quantize(float value) {
    double range = (double) (max - min) * (STEPS / HIGHEST);
    double scale = STEPS / range;
    double code = roundHalfAway(value * scale) - roundHalfAway(min * scale);
    return (int) Math.max(0, Math.min(HIGHEST, code));
  }

  /** The float {@code Dequantize} gives for {@code code}: {@code round(min / step)·step + code·step}, in float. */
  float dequantize(int code) {
    float step = step(min, max);
    float first = roundHalfAway(min / step) * step;
    return first + code * step;
  }

  private static float step(float min, float max) {
    return (float) ((double) (max - min) / HIGHEST);
  }

  /** C's {@code round}: halves away from zero. */
  private static double roundHalfAway(double x) {
    double whole = Math.floor(Math.abs(x));
    return Math.copySign(Math.abs(x) - whole >= 0.5 ? whole + 1 : whole, x);
  }

  private static float roundHalfAway(float x) {
    float whole = (float) Math.floor(Math.abs(x));
    return Math.copySign(Math.abs(x) - whole >= 0.5f ? whole + 1 : whole, x);
  }
}
