package io.sparkrcnn.io.example;

/** One labelled object of a detection example; {@code label} is the 1-based label map id. */
public record DetectionObject(NormalizedBox box, String classText, int label, boolean difficult,
    boolean truncated, String view) {}
