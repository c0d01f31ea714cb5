package io.sparkrcnn.model.roi;

/**
 * Differentiable RoI align as the reference's second stage does it: {@code crop_and_resize} of a box to
 * {@code cropSize × cropSize} bilinear samples (sample points spread from edge to edge of the box, points
 * outside the feature map read 0), then a {@code poolKernel}/{@code poolStride} max-pool. Features are one
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
            if (y < 0 || y > h - 1 || x < 0 || x > w - 1) {
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
            int y1 = Math.min(y0 + 1, h - 1);
            int x1 = Math.min(x0 + 1, w - 1);
            double ly = y - y0;
            double lx = x - x0;
            double w00 = (1 - ly) * (1 - lx);
            double w01 = (1 - ly) * lx;
            double w10 = ly * (1 - lx);
            double w11 = ly * lx;
            int i00 = (y0 * w + x0) * channels;
            int i01 = (y0 * w + x1) * channels;
            int i10 = (y1 * w + x0) * channels;
            int i11 = (y1 * w + x1) * channels;
            for (int c = 0; c < channels; c++) {
              double v = w00 * features[i00 + c] + w01 * features[i01 + c] + w10 * features[i10 + c]
                  + w11 * features[i11 + c];
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
        if (y < 0 || y > h - 1 || x < 0 || x > w - 1) {
          continue;
        }
        int y0 = (int) Math.floor(y);
        int x0 = (int) Math.floor(x);
        int y1 = Math.min(y0 + 1, h - 1);
        int x1 = Math.min(x0 + 1, w - 1);
        double ly = y - y0;
        double lx = x - x0;
        dFeatures[(y0 * w + x0) * channels + c] += g * (1 - ly) * (1 - lx);
        dFeatures[(y0 * w + x1) * channels + c] += g * (1 - ly) * lx;
        dFeatures[(y1 * w + x0) * channels + c] += g * ly * (1 - lx);
        dFeatures[(y1 * w + x1) * channels + c] += g * ly * lx;
      }
    }
  }

  /** crop_and_resize's sample coordinates along one axis, in feature-map cells. */
  private double[] samplePoints(float lo, float hi, float canvas, int size) {
    double a = lo / canvas * (size - 1);
    double b = hi / canvas * (size - 1);
    double[] out = new double[cropSize];
    for (int i = 0; i < cropSize; i++) {
      out[i] = a + i * (b - a) / (cropSize - 1);
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
