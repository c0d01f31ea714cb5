package io.sparkrcnn.model.box;

/**
 * Boxes {@code [ymin, xmin, ymax, xmax]} between the two frames of the detector. Canvas pixels: the resized image
 * occupies {@code resizedHeight × resizedWidth} pixels at the top left of the square canvas the graph sees.
 * Normalised: fractions of the image's height and width, the frame of the records and of the detections; as the
 * resize keeps the aspect ratio (one scale for the whole image), a box normalised to the resized image is
 * normalised to the original image too.
 */
public final class CanvasBoxes {
  private CanvasBoxes() {}

  /** A box in canvas pixels as a normalised box of the image placed at the canvas's top left. */
  public static float[] normalised(float[] canvasBox, int resizedHeight, int resizedWidth) {
    return new float[] {canvasBox[0] / resizedHeight, canvasBox[1] / resizedWidth, canvasBox[2] / resizedHeight,
        canvasBox[3] / resizedWidth};
  }
}
