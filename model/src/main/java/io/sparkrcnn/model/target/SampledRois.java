package io.sparkrcnn.model.target;

/**
 * The RoIs sampled for one training step of the second stage, grouped by image in image order: the image of each,
 * its box {@code [ymin, xmin, ymax, xmax]} in canvas pixels, its class target (0 = background) and its box-code
 * target (the matched ground truth encoded against the RoI; zeros for background).
 */
public record SampledRois(int[] image, float[][] boxes, int[] classes, float[][] codes) {

  public int size() {
    return image.length;
  }
}
