package io.sparkrcnn.model.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class EvalBatchesTest {
  @Test
  void onePassInRecordOrderUnflippedSkippingUnusable() {
    List<byte[]> recs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      recs.add(i == 2 ? TestRecords.corruptRecord("r2") : TestRecords.jpegRecord("r" + i, 24, 16));
    }
    recs.add(TestRecords.jpegRecord("r5", 24, 16));
    EvalBatches it = new EvalBatches(recs, new ImagePreparer(new KeepAspectRatioResizer(16, 24)), 2, 3);
    List<List<String>> batches = new ArrayList<>();
    while (it.hasNext()) {
      DetectionBatch b = it.next();
      batches.add(b.images().stream().map(ImageMetadata::sourceId).toList());
      for (ImageMetadata m : b.images()) {
        assertTrue(m.boxes()[0][3] <= m.resizedWidth() / 2f, "unflipped: box on the left half");
      }
      assertEquals(b.size(), b.data().getFeatures(0).size(0));
    }
    assertEquals(List.of(List.of("r0", "r1"), List.of("r3", "r4"), List.of("r5")), batches);
    assertEquals(1, it.skipped());
    assertTrue(it.skipReasons().get(0).contains("r2"));
    assertFalse(it.hasNext());
    assertThrows(NoSuchElementException.class, it::next);
  }
}
