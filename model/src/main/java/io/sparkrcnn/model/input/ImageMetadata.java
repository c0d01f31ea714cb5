package io.sparkrcnn.model.input;

/**
 * What evaluation needs of one batched image besides its pixels: where it came from, its sizes and its
 * ground truth. Boxes are {@code [ymin, xmin, ymax, xmax]} in canvas pixels; classes are 1-based.
 */
public record ImageMetadata(String sourceId, int canvasSize, int resizedHeight, int resizedWidth,
    int originalHeight, int originalWidth, float[][] boxes, int[] classes, boolean[] difficult) {

  /** A canvas-pixel box {@code [ymin, xmin, ymax, xmax]} in this image's normalised coordinates. */
  public float[] normalised(float[] canvasBox) {
    return new float[] {canvasBox[0] / resizedHeight, canvasBox[1] / resizedWidth, canvasBox[2] / resizedHeight,
        canvasBox[3] / resizedWidth};
  }
}
