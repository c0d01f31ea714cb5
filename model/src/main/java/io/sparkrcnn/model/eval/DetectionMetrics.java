package io.sparkrcnn.model.eval;

import io.sparkrcnn.model.detector.ImageDetections;
import io.sparkrcnn.io.example.GroundTruth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores detections against ground truth with both the PASCAL VOC metric (normalised boxes, as the
 * reference) and the COCO metric (boxes scaled to pixels, so COCO's area ranges mean what they say),
 * under the Object Detection API's metric names.
 */
public final class DetectionMetrics {
  private DetectionMetrics() {}

  /**
   * @param classNames label-map names by id
   * @return the metrics; detections for images without ground truth count as false positives for VOC
   *     and are left out of COCO, as the reference tools do
   */
  public static Map<String, Double> compute(List<GroundTruth> groundTruth, List<ImageDetections> dets,
      Map<Integer, String> classNames) {
    int numClasses = classNames.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
    VocEvaluator voc = new VocEvaluator(numClasses, 0.5);
    CocoEvaluator coco = new CocoEvaluator(numClasses);
    Map<String, GroundTruth> byId = new LinkedHashMap<>();
    for (GroundTruth g : groundTruth) {
      if (byId.putIfAbsent(g.sourceId(), g) != null) {
        throw new IllegalArgumentException("image/source_id '" + g.sourceId() + "' appears twice in the eval records");
      }
      voc.addGroundTruth(g.sourceId(), g.boxes(), g.classes(), g.difficult());
      coco.addGroundTruth(g.sourceId(), toPixels(g.boxes(), g), g.classes());
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (ImageDetections d : dets) {
      if (!seen.add(d.imageId())) {
        throw new IllegalArgumentException("detections for image '" + d.imageId() + "' are given twice");
      }
      voc.addDetections(d.imageId(), d.boxes(), d.scores(), d.classes());
      GroundTruth g = byId.get(d.imageId());
      if (g != null) {
        coco.addDetections(d.imageId(), toPixels(d.boxes(), g), d.scores(), d.classes());
      }
    }
    Map<String, Double> metrics = new LinkedHashMap<>(voc.metrics(classNames));
    metrics.putAll(coco.metrics());
    return metrics;
  }

  private static float[][] toPixels(float[][] boxes, GroundTruth g) {
    float[][] out = new float[boxes.length][];
    for (int i = 0; i < boxes.length; i++) {
      float[] b = boxes[i];
      out[i] = new float[] {b[0] * g.height(), b[1] * g.width(), b[2] * g.height(), b[3] * g.width()};
    }
    return out;
  }
}
