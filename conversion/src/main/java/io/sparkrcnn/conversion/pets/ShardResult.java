package io.sparkrcnn.conversion.pets;

import java.io.Serializable;
import java.util.List;

/**
 * What writing one shard produced: where the (not yet committed) file is, how many records and
 * bytes, and what was skipped or changed on the way.
 */
public record ShardResult(String split, String fileName, String writtenPath, long records, long bytes,
    List<ExampleOutcome.Skipped> skipped, List<ExampleNote> notes) implements Serializable {
  public ShardResult {
    skipped = List.copyOf(skipped);
    notes = List.copyOf(notes);
  }

  /** Something the report says about a converted example (clipping, re-encoding, size mismatch). */
  public record ExampleNote(String exampleId, int clippedBoxes, int droppedBoxes, String reencoded, String note)
      implements Serializable {}
}
