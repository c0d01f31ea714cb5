package io.sparkrcnn.model.roi;

/** A batch's RoIs grouped by image in image order: the image of each and its box {@code [ymin, xmin, ymax, xmax]}. */
public record Rois(int[] image, float[][] boxes) {

  /** Every image's boxes (canvas pixels) in turn. */
  public static Rois of(float[][][] boxesPerImage) {
    int n = 0;
    for (float[][] b : boxesPerImage) {
      n += b.length;
    }
    int[] image = new int[n];
    float[][] boxes = new float[n][];
    int r = 0;
    for (int i = 0; i < boxesPerImage.length; i++) {
      for (float[] b : boxesPerImage[i]) {
        image[r] = i;
        boxes[r++] = b;
      }
    }
    return new Rois(image, boxes);
  }

  public int size() {
    return image.length;
  }
}
