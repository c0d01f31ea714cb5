package io.sparkrcnn.model.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrainingBatchesTest {
  private final ImagePreparer preparer = new ImagePreparer(new KeepAspectRatioResizer(16, 24));

  private static List<byte[]> records(int n) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(TestRecords.jpegRecord("r" + i, 24, 16));
    }
    return out;
  }

  /** Per image of the first {@code batches} batches: its source id and whether it was flipped. */
  private static List<String> draw(TrainingBatches it, int batches) {
    List<String> out = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      for (ImageMetadata m : it.next().images()) {
        // The record's box is on the left half; flipped it is on the right.
        boolean flipped = m.boxes()[0][1] > m.resizedWidth() / 2f;
        out.add(m.sourceId() + (flipped ? "/flipped" : ""));
      }
    }
    return out;
  }

  @Test
  void sameSeedSameBatchesOtherSeedOthers() {
    List<byte[]> recs = records(6);
    List<String> first = draw(new TrainingBatches(recs, preparer, 4, 5, true, 42), 6);
    List<String> again = draw(new TrainingBatches(recs, preparer, 4, 5, true, 42), 6);
    List<String> other = draw(new TrainingBatches(recs, preparer, 4, 5, true, 43), 6);
    assertEquals(24, first.size());
    assertEquals(first, again);
    assertNotEquals(first, other);
    assertTrue(first.stream().anyMatch(s -> s.endsWith("/flipped")), first.toString());
    assertTrue(first.stream().anyMatch(s -> !s.endsWith("/flipped")), first.toString());

    TrainingBatches a = new TrainingBatches(recs, preparer, 4, 5, true, 42);
    TrainingBatches b = new TrainingBatches(recs, preparer, 4, 5, true, 42);
    for (int i = 0; i < 3; i++) {
      assertEquals(a.next().data().getFeatures(0), b.next().data().getFeatures(0));
    }
  }

  @Test
  void skippingKBatchesContinuesTheSequenceAcrossEpochEnds() {
    List<byte[]> recs = records(5);
    List<String> all = draw(new TrainingBatches(recs, preparer, 2, 5, true, 9), 7);
    TrainingBatches skipped = new TrainingBatches(recs, preparer, 2, 5, true, 9);
    skipped.skip(4); // 8 images: past the first epoch of 5
    assertEquals(all.subList(8, 14), draw(skipped, 3));
  }

  @Test
  void everyEpochHoldsEveryRecordOnceInANewOrder() {
    TrainingBatches it = new TrainingBatches(records(6), preparer, 3, 5, false, 7);
    List<String> epochs = draw(it, 8);
    List<List<String>> orders = new ArrayList<>();
    for (int e = 0; e < 4; e++) {
      List<String> epoch = epochs.subList(e * 6, e * 6 + 6);
      assertEquals(Set.of("r0", "r1", "r2", "r3", "r4", "r5"), new HashSet<>(epoch), epoch.toString());
      orders.add(epoch);
    }
    assertTrue(new HashSet<>(orders).size() > 1, "the order changes between epochs: " + orders);
    assertTrue(it.hasNext());
  }

  @Test
  void withoutShuffleEveryEpochKeepsTheRecordOrder() {
    List<String> epochs = draw(new TrainingBatches(records(4), preparer, 2, 5, false, false, 7), 4);
    assertEquals(List.of("r0", "r1", "r2", "r3", "r0", "r1", "r2", "r3"), epochs);
  }

  @Test
  void unusableRecordsAreSkippedAndCounted() {
    List<byte[]> recs = new ArrayList<>(records(3));
    recs.add(1, TestRecords.corruptRecord("broken"));
    TrainingBatches it = new TrainingBatches(recs, preparer, 2, 5, true, 1);
    List<String> seen = draw(it, 6);
    assertFalse(seen.stream().anyMatch(s -> s.startsWith("broken")), seen.toString());
    assertEquals(1, it.skipped());
    assertEquals(1, it.skipReasons().size());
    assertTrue(it.skipReasons().get(0).contains("broken"), it.skipReasons().toString());
  }

  @Test
  void allRecordsUnusableIsAnError() {
    TrainingBatches it = new TrainingBatches(
        List.of(TestRecords.corruptRecord("a"), TestRecords.corruptRecord("b")), preparer, 2, 5, false, 1);
    IllegalStateException e = assertThrows(IllegalStateException.class, it::next);
    assertTrue(e.getMessage().contains("all 2 training records are unusable"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new TrainingBatches(List.of(), preparer, 2, 5, false, 1));
  }
}
