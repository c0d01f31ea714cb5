package io.sparkrcnn.model.roi;

/**
 * The second stage's RoI pooling (torchvision's {@code box_roi_pool}): {@link RoiAlign} of each RoI over the first
 * {@code featureChannels} channels of a batch's activations {@code [N, channels, h, w]} (row-major), RoI boxes in
 * canvas pixels of a {@code canvasSize} canvas; and the backward pass that scatters the crops' gradient back into
 * the input's.
 */
public record RoiFeatureCropper(RoiAlign align, int featureChannels, float canvasSize) {

  /** The crops of R RoIs, {@code [R × pooled²][featureChannels]}, and the sample that won each pooled value. */
  public record Crops(double[] values, int[] argmax) {}

  /** Values per RoI: pooled² cells × feature channels. */
  public int valuesPerRoi() {
    return align.pooledSize() * align.pooledSize() * featureChannels;
  }

  public Crops forward(double[] input, int channels, int h, int w, Rois rois) {
    int per = valuesPerRoi();
    double[] crops = new double[rois.size() * per];
    int[] argmax = new int[crops.length];
    double[] hwc = null;
    int current = -1;
    for (int r = 0; r < rois.size(); r++) {
      if (rois.image()[r] != current) {
        current = rois.image()[r];
        hwc = RoiAlign.toHwc(input, current, channels, featureChannels, h, w);
      }
      align.forward(hwc, h, w, featureChannels, rois.boxes()[r], canvasSize, crops, r * per, argmax);
    }
    return new Crops(crops, argmax);
  }

  /** The gradient of the input ({@code inputLength} values, zero outside the feature channels) from the crops'. */
  public double[] backward(double[] dCrops, Crops crops, Rois rois, int inputLength, int channels, int h, int w) {
    int per = valuesPerRoi();
    int r = rois.size();
    double[] dInput = new double[inputLength];
    double[] dHwc = null;
    for (int k = 0; k < r; k++) {
      int i = rois.image()[k];
      if (k == 0 || rois.image()[k - 1] != i) {
        dHwc = new double[h * w * featureChannels];
      }
      align.backward(dCrops, k * per, crops.argmax(), h, w, featureChannels, rois.boxes()[k], canvasSize, dHwc);
      if (k == r - 1 || rois.image()[k + 1] != i) {
        RoiAlign.addHwc(dHwc, dInput, i, channels, featureChannels, h, w);
      }
    }
    return dInput;
  }
}
