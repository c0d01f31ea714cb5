package io.sparkrcnn.model.roi;

/**
 * Differentiable RoI align as the reference's second stage does it: {@code crop_and_resize} of a box to
 * {@code cropSize × cropSize} bilinear samples (sample points spread from edge to edge of the box; the map is read
 * as if padded with one row and column of zeros at the bottom and right, points beyond read 0), then a {@code poolKernel}/{@code poolStride} max-pool. Features are one
 * image's map in HWC order ({@code [h][w][C]}); output per RoI is {@code [pooled²][C]}. Boxes are
 * {@code [ymin, xmin, ymax, xmax]} canvas pixels, mapped to feature coordinates as {@code y / canvas × (h − 1)}
 * like the reference's normalised boxes.
 */
public record RoiAlign(int cropSize, int poolKernel, int poolStride) {

  public RoiAlign {
    if (cropSize < 2 || poolKernel < 1 || poolStride < 1 || poolKernel > cropSize) {
      throw new IllegalArgumentException("invalid RoI align: crop " + cropSize + ", pool " + poolKernel + "/" + poolStride);
    }
  }

  public int pooledSize() {
    return (cropSize - poolKernel) / poolStride + 1;
  }

  /**
   * Forward pass of one RoI into {@code out[outOffset …]} ({@code pooled² × C} values); {@code argmax} (same
   * layout) receives the winning sample ({@code iy × cropSize + ix}) for the backward pass.
   */
  public void forward(double[] features, int h, int w, int channels, float[] box, float canvas, double[] out,
      int outOffset, int[] argmax) {
    double[] ys = samplePoints(box[0], box[2], canvas, h);
    double[] xs = samplePoints(box[1], box[3], canvas, w);
    int pooled = pooledSize();
    for (int py = 0; py < pooled; py++) {
      for (int px = 0; px < pooled; px++) {
        int cell = outOffset + (py * pooled + px) * channels;
        java.util.Arrays.fill(out, cell, cell + channels, Double.NEGATIVE_INFINITY);
        for (int ky = 0; ky < poolKernel; ky++) {
          for (int kx = 0; kx < poolKernel; kx++) {
            int iy = py * poolStride + ky;
            int ix = px * poolStride + kx;
            int sample = iy * cropSize + ix;
            double y = ys[iy];
            double x = xs[ix];
            if (outside(y, h) || outside(x, w)) {
              for (int c = 0; c < channels; c++) {
                if (0 > out[cell + c]) {
                  out[cell + c] = 0;
                  argmax[cell + c] = sample;
                }
              }
              continue;
            }
            int y0 = (int) Math.floor(y);
            int x0 = (int) Math.floor(x);
            double ly = y - y0;
            double lx = x - x0;
            double[] weights = {(1 - ly) * (1 - lx), (1 - ly) * lx, ly * (1 - lx), ly * lx};
            int[] at = corners(y0, x0, h, w, channels);
            for (int c = 0; c < channels; c++) {
              double v = 0;
              for (int k = 0; k < 4; k++) {
                if (at[k] >= 0) {
                  v += weights[k] * features[at[k] + c];
                }
              }
              if (v > out[cell + c]) {
                out[cell + c] = v;
                argmax[cell + c] = sample;
              }
            }
          }
        }
      }
    }
  }

  /**
   * Whether a sample lies outside the map and its one cell of zeros beyond the last row or column: a point a
   * rounding error past the last row, as CropAndResize's last sample of a box on the canvas edge can be, still reads
   * the row (interpolated towards 0) instead of flipping to 0. The exported graph pads the map by that cell.
   */
  private static boolean outside(double v, int size) {
    return v < 0 || v > size;
  }

  /** Offsets of the four corners {@code (y0, x0), (y0, x0 + 1), (y0 + 1, x0), (y0 + 1, x0 + 1)}; -1 beyond the map. */
  private static int[] corners(int y0, int x0, int h, int w, int channels) {
    int[] at = new int[4];
    for (int k = 0; k < 4; k++) {
      int y = y0 + k / 2;
      int x = x0 + k % 2;
      at[k] = y < h && x < w ? (y * w + x) * channels : -1;
    }
    return at;
  }

  /** Adds the gradient of one RoI's output ({@code dOut}, forward layout) into {@code dFeatures} (HWC). */
  public void backward(double[] dOut, int outOffset, int[] argmax, int h, int w, int channels, float[] box,
      float canvas, double[] dFeatures) {
    double[] ys = samplePoints(box[0], box[2], canvas, h);
    double[] xs = samplePoints(box[1], box[3], canvas, w);
    int pooled = pooledSize();
    for (int p = 0; p < pooled * pooled; p++) {
      int cell = outOffset + p * channels;
      for (int c = 0; c < channels; c++) {
        double g = dOut[cell + c];
        if (g == 0) {
          continue;
        }
        int sample = argmax[cell + c];
        double y = ys[sample / cropSize];
        double x = xs[sample % cropSize];
        if (outside(y, h) || outside(x, w)) {
          continue;
        }
        int y0 = (int) Math.floor(y);
        int x0 = (int) Math.floor(x);
        double ly = y - y0;
        double lx = x - x0;
        double[] weights = {(1 - ly) * (1 - lx), (1 - ly) * lx, ly * (1 - lx), ly * lx};
        int[] at = corners(y0, x0, h, w, channels);
        for (int k = 0; k < 4; k++) {
          if (at[k] >= 0) {
            dFeatures[at[k] + c] += g * weights[k];
          }
        }
      }
    }
  }

  /**
   * crop_and_resize's sample coordinates along one axis, in feature-map cells, in float32 as TensorFlow's
   * {@code CropAndResize} computes them: the box normalised to the canvas, {@code lo·(size − 1) + i·scale} with
   * {@code scale = (hi − lo)·(size − 1)/(crop − 1)}, so that both runtimes agree on which points fall outside.
   */
  private double[] samplePoints(float lo, float hi, float canvas, int size) {
    float a = lo / canvas;
    float b = hi / canvas;
    float scale = (b - a) * (size - 1) / (cropSize - 1);
    double[] out = new double[cropSize];
    for (int i = 0; i < cropSize; i++) {
      out[i] = a * (size - 1) + i * scale;
    }
    return out;
  }

  /** One image's {@code [C][h][w]} block of a row-major {@code [N, channelsTotal, h, w]} array, as HWC. */
  public static double[] toHwc(double[] nchw, int image, int channelsTotal, int channels, int h, int w) {
    double[] out = new double[h * w * channels];
    int base = image * channelsTotal * h * w;
    for (int c = 0; c < channels; c++) {
      for (int p = 0; p < h * w; p++) {
        out[p * channels + c] = nchw[base + c * h * w + p];
      }
    }
    return out;
  }

  /** Adds an HWC gradient back into image {@code image}'s channels of a row-major NCHW gradient array. */
  public static void addHwc(double[] hwc, double[] nchw, int image, int channelsTotal, int channels, int h, int w) {
    int base = image * channelsTotal * h * w;
    for (int c = 0; c < channels; c++) {
      for (int p = 0; p < h * w; p++) {
        nchw[base + c * h * w + p] += hwc[p * channels + c];
      }
    }
  }
}
