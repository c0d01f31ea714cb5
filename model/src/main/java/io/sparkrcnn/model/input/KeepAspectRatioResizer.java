package io.sparkrcnn.model.input;

/**
 * The Object Detection API's {@code keep_aspect_ratio_resizer} ({@code resize_to_range}): scale the
 * short side to {@code minDimension} unless the long side would then pass {@code maxDimension}, in
 * which case scale the long side to {@code maxDimension}. Sides are rounded as Python's {@code round}
 * does (half to even) and are at least 1.
 *
 * <p>Every image is placed in the top-left corner of one {@code maxDimension × maxDimension} canvas
 * (the reference's {@code pad_to_max_dimension}), so a batch has one shape.
 */
public record KeepAspectRatioResizer(int minDimension, int maxDimension) {
  public KeepAspectRatioResizer {
    if (minDimension < 1 || maxDimension < minDimension) {
      throw new IllegalArgumentException("keep_aspect_ratio_resizer needs 1 <= min_dimension <= max_dimension, got "
          + minDimension + " and " + maxDimension);
    }
  }

  /** The side of the square canvas every resized image is padded to. */
  public int canvasSize() {
    return maxDimension;
  }

  /** {@code {height, width}} of an {@code h × w} image after resizing. */
  public int[] resizedSize(int h, int w) {
    if (h < 1 || w < 1) {
      throw new IllegalArgumentException("image size must be positive, got " + h + "x" + w);
    }
    double scale = (double) minDimension / Math.min(h, w);
    if (Math.rint(Math.max(h, w) * scale) > maxDimension) {
      scale = (double) maxDimension / Math.max(h, w);
    }
    return new int[] {side(h * scale), side(w * scale)};
  }

  private int side(double v) {
    return (int) Math.min(maxDimension, Math.max(1, Math.rint(v)));
  }
}
