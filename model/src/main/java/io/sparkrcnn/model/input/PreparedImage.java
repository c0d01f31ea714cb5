package io.sparkrcnn.model.input;

/**
 * One record ready for the network: the image resized, optionally flipped, in the top-left corner of a
 * {@code canvasSize × canvasSize} canvas.
 *
 * @param pixels CHW, RGB, {@code 3 × canvasSize × canvasSize}: value 0..255 minus the channel mean
 *     ({@link ImagePreparer#CHANNEL_MEANS}); the padding is exactly 0
 * @param boxes ground truth {@code [ymin, xmin, ymax, xmax]} in canvas pixels (normalised × resized size)
 * @param classes 1-based label map ids, one per box
 */
public record PreparedImage(String sourceId, float[] pixels, int canvasSize, int resizedHeight, int resizedWidth,
    int originalHeight, int originalWidth, float[][] boxes, int[] classes, boolean[] difficult) {

  /** Everything but the pixels. */
  public ImageMetadata metadata() {
    return new ImageMetadata(sourceId, canvasSize, resizedHeight, resizedWidth, originalHeight, originalWidth, boxes,
        classes, difficult);
  }
}
