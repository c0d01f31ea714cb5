package io.sparkrcnn.conversion.pets;

import java.io.Serializable;
import org.tensorflow.example.Example;

/** What became of one listed example: a serialised record, or a skip with its reason. */
public sealed interface ExampleOutcome extends Serializable {
  String exampleId();

  /**
   * @param clippedBoxes boxes that reached outside the image and were clipped to it
   * @param droppedBoxes boxes left empty by clipping and dropped
   * @param reencoded null, or why the image was re-encoded
   * @param note null, or anything else the report should say about this example
   */
  record Converted(String exampleId, Example example, int clippedBoxes, int droppedBoxes, String reencoded,
      String note) implements ExampleOutcome {}

  record Skipped(String exampleId, String reason) implements ExampleOutcome {}
}
