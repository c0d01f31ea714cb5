package io.sparkrcnn.jobs.predict;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkrcnn.model.detector.ImageDetections;

/**
 * One line of {@code detections.jsonl}, the format {@code eval --detections_file} reads ({@code DetectionsFile}):
 * {@code {"image_id": "<image/source_id>", "boxes": [[ymin, xmin, ymax, xmax], ...], "scores": [...],
 * "classes": [...]}}, boxes normalised to the original image, classes 1-based label ids, best first. Floats are
 * written as Java's shortest decimal that reads back to the same float.
 */
public final class DetectionsJsonl {
  public static final String NAME = "detections.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();

  private DetectionsJsonl() {}

  /** The line of {@code d}, without its newline. */
  public static String line(ImageDetections d) {
    ObjectNode line = JSON.createObjectNode().put("image_id", d.imageId());
    ArrayNode boxes = line.putArray("boxes");
    for (float[] b : d.boxes()) {
      ArrayNode box = boxes.addArray();
      for (float v : b) {
        box.add(v);
      }
    }
    ArrayNode scores = line.putArray("scores");
    for (float s : d.scores()) {
      scores.add(s);
    }
    ArrayNode classes = line.putArray("classes");
    for (int c : d.classes()) {
      classes.add(c);
    }
    try {
      return JSON.writeValueAsString(line);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e); // a tree of strings and numbers always serialises
    }
  }
}
