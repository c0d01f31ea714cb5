package io.sparkrcnn.model.input;

import java.util.List;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * A batch for the detection graph and, in the same order, what evaluation needs to map its
 * detections back to each image ({@link io.sparkrcnn.model.box.CanvasBoxes#normalised}).
 */
public record DetectionBatch(MultiDataSet data, List<ImageMetadata> images) {
  public DetectionBatch {
    images = List.copyOf(images);
  }

  public int size() {
    return images.size();
  }
}
