package io.sparkrcnn.model.rpn;

import io.sparkrcnn.model.anchors.AnchorGridSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The anchors of one feature grid that take part in the first stage: in training those inside the
 * canvas (the reference prunes anchors crossing the image border) or all anchors clipped to it
 * ({@code clip_anchors_to_image}); at inference all anchors clipped to the canvas. {@code index[i]} is
 * anchor {@code i}'s position in the full grid; boxes are {@code [ymin, xmin, ymax, xmax]} canvas pixels.
 * Layers take their sets from {@link AnchorSetCache}.
 */
public record AnchorSet(float[][] boxes, int[] index) {

  public static AnchorSet of(AnchorGridSpec spec, int h, int w, boolean training) {
    float[][] all = spec.generator().generate(h, w);
    float size = spec.canvasSize();
    List<float[]> boxes = new ArrayList<>();
    List<Integer> index = new ArrayList<>();
    boolean clip = clips(spec, training);
    for (int i = 0; i < all.length; i++) {
      float[] a = all[i];
      if (clip) {
        float[] c = {clamp(a[0], size), clamp(a[1], size), clamp(a[2], size), clamp(a[3], size)};
        if (c[2] > c[0] && c[3] > c[1]) {
          boxes.add(c);
          index.add(i);
        }
      } else if (a[0] >= 0 && a[1] >= 0 && a[2] <= size && a[3] <= size) {
        boxes.add(a);
        index.add(i);
      }
    }
    return new AnchorSet(boxes.toArray(float[][]::new), index.stream().mapToInt(Integer::intValue).toArray());
  }

  /** Whether the set clips anchors to the canvas (true) or leaves out those crossing its border. */
  static boolean clips(AnchorGridSpec spec, boolean training) {
    return !training || spec.clipAnchorsToImage();
  }

  private static float clamp(float v, float size) {
    return Math.max(0, Math.min(size, v));
  }
}
