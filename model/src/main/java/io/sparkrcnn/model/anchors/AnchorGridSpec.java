package io.sparkrcnn.model.anchors;

import static io.sparkrcnn.model.layers.LayerConfigChecks.atLeast;
import static io.sparkrcnn.model.layers.LayerConfigChecks.finite;
import static io.sparkrcnn.model.layers.LayerConfigChecks.positive;
import static io.sparkrcnn.model.layers.LayerConfigChecks.positives;

import io.sparkrcnn.model.backbone.Backbone;
import java.io.Serializable;
import java.util.Arrays;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The first-stage anchor grid of a detector, carried through the JSON of the DL4J layer configurations that use
 * it: the generator's settings plus the canvas it covers. Immutable; the grid's stride is {@link Backbone#STRIDE}
 * (kept in the JSON as {@code strideY}/{@code strideX}, as configurations have always been saved).
 */
public final class AnchorGridSpec implements Serializable {
  @JsonProperty private double[] scales;
  @JsonProperty private double[] aspectRatios;
  @JsonProperty private double baseHeight;
  @JsonProperty private double baseWidth;
  @JsonProperty private double strideY;
  @JsonProperty private double strideX;
  @JsonProperty private double offsetY;
  @JsonProperty private double offsetX;
  /** Side of the square input canvas in pixels. */
  @JsonProperty private int canvasSize;
  /** Clip anchors to the canvas (true) or, in training, leave out anchors crossing its border (false). */
  @JsonProperty private boolean clipAnchorsToImage;

  /** For Jackson, which sets the fields from a saved configuration. */
  private AnchorGridSpec() {}

  /** The grid of {@link GridAnchorGenerator} with these settings at stride {@link Backbone#STRIDE}. */
  public AnchorGridSpec(double[] scales, double[] aspectRatios, double baseHeight, double baseWidth, double offsetY,
      double offsetX, int canvasSize, boolean clipAnchorsToImage) {
    this.scales = positives("AnchorGridSpec.scales", scales);
    this.aspectRatios = positives("AnchorGridSpec.aspectRatios", aspectRatios);
    this.baseHeight = positive("AnchorGridSpec.baseHeight", baseHeight);
    this.baseWidth = positive("AnchorGridSpec.baseWidth", baseWidth);
    this.strideY = Backbone.STRIDE;
    this.strideX = Backbone.STRIDE;
    this.offsetY = finite("AnchorGridSpec.offsetY", offsetY);
    this.offsetX = finite("AnchorGridSpec.offsetX", offsetX);
    this.canvasSize = atLeast("AnchorGridSpec.canvasSize", canvasSize, 1);
    this.clipAnchorsToImage = clipAnchorsToImage;
  }

  /** The same grid over another canvas. */
  public AnchorGridSpec withCanvasSize(int canvas) {
    return new AnchorGridSpec(scales, aspectRatios, baseHeight, baseWidth, offsetY, offsetX, canvas,
        clipAnchorsToImage);
  }

  public GridAnchorGenerator generator() {
    return new GridAnchorGenerator(scales(), aspectRatios(), baseHeight, baseWidth, strideY, strideX, offsetY,
        offsetX);
  }

  public int anchorsPerLocation() {
    return scales.length * aspectRatios.length;
  }

  public double[] scales() {
    return scales.clone();
  }

  public double[] aspectRatios() {
    return aspectRatios.clone();
  }

  public double baseHeight() {
    return baseHeight;
  }

  public double baseWidth() {
    return baseWidth;
  }

  public double strideY() {
    return strideY;
  }

  public double strideX() {
    return strideX;
  }

  public double offsetY() {
    return offsetY;
  }

  public double offsetX() {
    return offsetX;
  }

  public int canvasSize() {
    return canvasSize;
  }

  public boolean clipAnchorsToImage() {
    return clipAnchorsToImage;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AnchorGridSpec s && Arrays.equals(scales, s.scales)
        && Arrays.equals(aspectRatios, s.aspectRatios)
        && baseHeight == s.baseHeight && baseWidth == s.baseWidth && strideY == s.strideY && strideX == s.strideX
        && offsetY == s.offsetY && offsetX == s.offsetX && canvasSize == s.canvasSize
        && clipAnchorsToImage == s.clipAnchorsToImage;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(scales) * 31 + canvasSize;
  }
}
