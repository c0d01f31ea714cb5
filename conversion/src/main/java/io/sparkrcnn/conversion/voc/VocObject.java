package io.sparkrcnn.conversion.voc;

/** One {@code <object>} of a PASCAL VOC annotation; box corners in pixels of the annotated image. */
public record VocObject(String name, String pose, boolean truncated, boolean difficult,
    double xmin, double ymin, double xmax, double ymax) {}
