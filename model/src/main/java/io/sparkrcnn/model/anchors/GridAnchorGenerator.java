package io.sparkrcnn.model.anchors;

/**
 * The Object Detection API's {@code GridAnchorGenerator}: at every cell of a feature grid, one
 * anchor per (aspect ratio, scale) pair, centred at {@code cell × stride + offset}, of height
 * {@code scale / sqrt(ratio) × base height} and width {@code scale × sqrt(ratio) × base width}.
 *
 * <p>Boxes are {@code [ymin, xmin, ymax, xmax]} in input-image pixels, ordered by row, then column,
 * then anchor; anchors at a cell are ordered by aspect ratio, then scale (the reference's meshgrid).
 */
public record GridAnchorGenerator(double[] scales, double[] aspectRatios, double baseHeight, double baseWidth,
    double strideY, double strideX, double offsetY, double offsetX) {

  public int anchorsPerLocation() {
    return scales.length * aspectRatios.length;
  }

  /** All anchors of a {@code gridHeight × gridWidth} feature map, {@code [n, 4]} flattened row-major. */
  public float[][] generate(int gridHeight, int gridWidth) {
    int per = anchorsPerLocation();
    float[][] out = new float[gridHeight * gridWidth * per][];
    int k = 0;
    for (int y = 0; y < gridHeight; y++) {
      double cy = y * strideY + offsetY;
      for (int x = 0; x < gridWidth; x++) {
        double cx = x * strideX + offsetX;
        for (double ratio : aspectRatios) {
          double sqrt = Math.sqrt(ratio);
          for (double scale : scales) {
            double h = scale / sqrt * baseHeight;
            double w = scale * sqrt * baseWidth;
            out[k++] = new float[] {(float) (cy - h / 2), (float) (cx - w / 2), (float) (cy + h / 2),
                (float) (cx + w / 2)};
          }
        }
      }
    }
    return out;
  }
}
