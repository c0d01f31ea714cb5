package io.sparkrcnn.model.anchors;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The first-stage anchor grid of a detector, as a plain bean so that DL4J layer configurations can carry it
 * through their JSON: the generator's settings plus the canvas it covers.
 */
public final class AnchorGridSpec implements Serializable {
  public double[] scales = {0.25, 0.5, 1.0, 2.0};
  public double[] aspectRatios = {0.5, 1.0, 2.0};
  public double baseHeight = 256;
  public double baseWidth = 256;
  public double strideY = 16;
  public double strideX = 16;
  public double offsetY;
  public double offsetX;
  /** Side of the square input canvas in pixels. */
  public int canvasSize = 600;
  /** Clip anchors to the canvas (true) or, in training, leave out anchors crossing its border (false). */
  public boolean clipAnchorsToImage;

  public GridAnchorGenerator generator() {
    return new GridAnchorGenerator(scales, aspectRatios, baseHeight, baseWidth, strideY, strideX, offsetY, offsetX);
  }

  public int anchorsPerLocation() {
    return scales.length * aspectRatios.length;
  }


  @Override
  public boolean equals(Object o) {
    return o instanceof AnchorGridSpec s && Arrays.equals(scales, s.scales) && Arrays.equals(aspectRatios, s.aspectRatios)
        && baseHeight == s.baseHeight && baseWidth == s.baseWidth && strideY == s.strideY && strideX == s.strideX
        && offsetY == s.offsetY && offsetX == s.offsetX && canvasSize == s.canvasSize
        && clipAnchorsToImage == s.clipAnchorsToImage;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(scales) * 31 + canvasSize;
  }
}
