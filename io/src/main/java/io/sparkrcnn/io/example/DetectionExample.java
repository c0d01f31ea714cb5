package io.sparkrcnn.io.example;

import java.util.List;

/**
 * Everything one tf.train.Example of the Object Detection API holds.
 *
 * @param masks null for box-only records; else one instance mask per object
 */
public record DetectionExample(String filename, String sourceId, byte[] encodedJpeg, int width, int height,
    List<DetectionObject> objects, InstanceMasks masks) {
  public DetectionExample {
    objects = List.copyOf(objects);
  }
}
