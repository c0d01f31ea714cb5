package io.sparkrcnn.model.input;

/**
 * Bilinear resize of an RGB image to float pixels, computing the values TensorFlow's {@code ResizeBilinear} gives
 * with {@code align_corners=false, half_pixel_centers=true} (TF2's {@code tf.image.resize} default), in the same
 * float32 arithmetic: scale {@code in / out}; source coordinate {@code (i + 0.5)·scale − 0.5}; lower sample
 * {@code max(floor, 0)}, upper {@code min(ceil, in − 1)}, weight {@code coordinate − floor}; interpolated along x on
 * the two rows, then along y. Same-size resizes copy the values.
 */
public final class BilinearResize {
  private BilinearResize() {}

  /** The sample positions and weights along one axis. */
  private record Axis(int[] lower, int[] upper, float[] lerp) {
    static Axis of(int in, int out) {
      int[] lower = new int[out];
      int[] upper = new int[out];
      float[] lerp = new float[out];
      float scale = (float) in / (float) out;
      for (int i = 0; i < out; i++) {
        float at = ((float) i + 0.5f) * scale - 0.5f;
        float floor = (float) Math.floor(at);
        lower[i] = Math.max((int) floor, 0);
        upper[i] = Math.min((int) Math.ceil(at), in - 1);
        lerp[i] = at - floor;
      }
      return new Axis(lower, upper, lerp);
    }
  }

  /**
   * {@code rgb} ({@code 0xRRGGBB}, row-major, {@code height × width}) resized to {@code outHeight × outWidth}: three
   * planes, red then green then blue, each row-major {@code outHeight × outWidth}, values 0..255 not rounded.
   */
  public static float[] resize(int[] rgb, int height, int width, int outHeight, int outWidth) {
    if (height < 1 || width < 1 || outHeight < 1 || outWidth < 1) {
      throw new IllegalArgumentException("image sizes must be positive, got " + height + "x" + width + " to "
          + outHeight + "x" + outWidth);
    }
    if (rgb.length != height * width) {
      throw new IllegalArgumentException(rgb.length + " pixels for a " + height + "x" + width + " image");
    }
    int plane = outHeight * outWidth;
    float[] out = new float[3 * plane];
    if (height == outHeight && width == outWidth) {
      for (int i = 0; i < plane; i++) {
        for (int c = 0; c < 3; c++) {
          out[c * plane + i] = channel(rgb[i], c);
        }
      }
      return out;
    }
    Axis ys = Axis.of(height, outHeight);
    Axis xs = Axis.of(width, outWidth);
    for (int y = 0; y < outHeight; y++) {
      int top = ys.lower[y] * width;
      int bottom = ys.upper[y] * width;
      float yLerp = ys.lerp[y];
      for (int x = 0; x < outWidth; x++) {
        int left = xs.lower[x];
        int right = xs.upper[x];
        float xLerp = xs.lerp[x];
        for (int c = 0; c < 3; c++) {
          out[c * plane + y * outWidth + x] = lerp(channel(rgb[top + left], c), channel(rgb[top + right], c),
              channel(rgb[bottom + left], c), channel(rgb[bottom + right], c), xLerp, yLerp);
        }
      }
    }
    return out;
  }

  private static float lerp(float topLeft, float topRight, float bottomLeft, float bottomRight, float xLerp,
      float yLerp) {
    float top = topLeft + (topRight - topLeft) * xLerp;
    float bottom = bottomLeft + (bottomRight - bottomLeft) * xLerp;
    return top + (bottom - top) * yLerp;
  }

  private static float channel(int rgb, int c) {
    return (rgb >> (16 - 8 * c)) & 0xff;
  }
}
