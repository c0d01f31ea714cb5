package io.sparkrcnn.io.example;

import java.util.List;

/** Instance masks as {@code image/object/mask} stores them: PNG bytes per object, or 0/1 floats. */
public sealed interface InstanceMasks {
  /** One single-channel PNG (values 0/1) per object. */
  record Png(List<byte[]> pngs) implements InstanceMasks {}

  /** All objects' masks flattened row-major into one float list ({@code [objects, height, width]}). */
  record Numerical(float[] values) implements InstanceMasks {}
}
