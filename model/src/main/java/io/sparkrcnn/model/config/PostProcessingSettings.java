package io.sparkrcnn.model.config;

/**
 * {@code second_stage_post_processing.batch_non_max_suppression}: per-class non-maximum suppression of the
 * detections above {@code scoreThreshold} at {@code nmsIou}, keeping at most {@code maxDetectionsPerClass} of a class
 * and {@code maxTotalDetections} in all.
 */
public record PostProcessingSettings(double scoreThreshold, double nmsIou, int maxDetectionsPerClass,
    int maxTotalDetections) {}
