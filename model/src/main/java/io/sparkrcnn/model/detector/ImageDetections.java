package io.sparkrcnn.model.detector;

/**
 * One image's detections, what the detector outputs and what a detections file holds: the image's
 * {@code image/source_id}, boxes {@code [ymin, xmin, ymax, xmax]} normalised to the original image, their scores,
 * and their 1-based label-map class ids, best first.
 */
public record ImageDetections(String imageId, float[][] boxes, float[] scores, int[] classes) {}
