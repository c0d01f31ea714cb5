package io.sparkrcnn.model.input;

/**
 * What evaluation needs of one batched image besides its pixels: where it came from, its sizes and its
 * ground truth. Boxes are {@code [ymin, xmin, ymax, xmax]} in canvas pixels ({@link
 * io.sparkrcnn.model.box.CanvasBoxes#normalised} turns them into the image's normalised frame); classes are 1-based.
 */
public record ImageMetadata(String sourceId, int canvasSize, int resizedHeight, int resizedWidth,
    int originalHeight, int originalWidth, float[][] boxes, int[] classes, boolean[] difficult) {}
