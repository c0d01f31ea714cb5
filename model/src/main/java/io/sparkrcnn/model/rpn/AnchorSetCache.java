package io.sparkrcnn.model.rpn;

import io.sparkrcnn.model.anchors.AnchorGridSpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link AnchorSet}s of a JVM, built once per anchor grid, feature size and pruning and then shared: the
 * first-stage loss and the box classifier of a graph (both given the model's anchor grid) read the same instance
 * every step instead of each generating tens of thousands of anchors per step. The sets are shared: read only.
 */
public final class AnchorSetCache {
  /** Distinct grids × feature sizes a JVM sees: one canvas per model, a few models per test JVM. */
  private static final int CAPACITY = 16;

  private record Key(List<Double> scales, List<Double> aspectRatios, double baseHeight, double baseWidth,
      double strideY, double strideX, double offsetY, double offsetX, int canvasSize, boolean clip, int h, int w) {}

  private static final Map<Key, AnchorSet> SETS = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, AnchorSet> eldest) {
      return size() > CAPACITY;
    }
  };

  private AnchorSetCache() {}

  /** {@link AnchorSet#of} for these arguments, built on first use; equal grids give the same instance. */
  public static AnchorSet get(AnchorGridSpec spec, int h, int w, boolean training) {
    boolean clip = AnchorSet.clips(spec, training);
    Key key = new Key(boxed(spec.scales()), boxed(spec.aspectRatios()), spec.baseHeight(), spec.baseWidth(), spec.strideY(),
        spec.strideX(), spec.offsetY(), spec.offsetX(), spec.canvasSize(), clip, h, w);
    synchronized (SETS) {
      return SETS.computeIfAbsent(key, k -> AnchorSet.of(spec, h, w, training));
    }
  }

  private static List<Double> boxed(double[] values) {
    return Arrays.stream(values).boxed().toList();
  }
}
