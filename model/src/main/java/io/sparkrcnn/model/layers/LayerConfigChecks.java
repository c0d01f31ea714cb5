package io.sparkrcnn.model.layers;

/**
 * Value checks of the layer configurations' validating constructors and builders: each refuses a value with one
 * {@link IllegalArgumentException} naming the field ({@code Class.field}) and what it must be, as the pipeline
 * config's checks do for the config file.
 */
public final class LayerConfigChecks {
  private LayerConfigChecks() {}

  /** {@code value}, refused when a builder was never given it. */
  public static <T> T given(String field, T value) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is not set");
    }
    return value;
  }

  public static int atLeast(String field, Integer value, int min) {
    if (given(field, value) < min) {
      throw new IllegalArgumentException(field + " is " + value + "; it must be at least " + min);
    }
    return value;
  }

  /** A fraction in (0, 1], or in [0, 1] when {@code zeroAllowed}. */
  public static double fraction(String field, Double value, boolean zeroAllowed) {
    double v = given(field, value);
    if (!((zeroAllowed ? v >= 0 : v > 0) && v <= 1)) {
      throw new IllegalArgumentException(field + " is " + v + "; it must be in " + (zeroAllowed ? "[0, 1]" : "(0, 1]"));
    }
    return v;
  }

  /** A finite value of 0 or more (loss weights, regularisation). */
  public static double nonNegative(String field, Double value) {
    double v = given(field, value);
    if (!(v >= 0 && v < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException(field + " is " + v + "; it must be 0 or more");
    }
    return v;
  }

  /** A finite value above 0. */
  public static double positive(String field, Double value) {
    double v = given(field, value);
    if (!(v > 0 && v < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException(field + " is " + v + "; it must be above 0");
    }
    return v;
  }

  /** A non-empty list of finite values above 0, copied. */
  public static double[] positives(String field, double[] values) {
    if (given(field, values).length == 0) {
      throw new IllegalArgumentException(field + " is empty; it must list at least one value above 0");
    }
    for (double v : values) {
      if (!(v > 0 && v < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException(field + " is " + java.util.Arrays.toString(values)
            + "; every value must be above 0");
      }
    }
    return values.clone();
  }

  /** A finite value. */
  public static double finite(String field, Double value) {
    double v = given(field, value);
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(field + " is " + v + "; it must be a finite number");
    }
    return v;
  }
}
