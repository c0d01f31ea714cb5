package io.sparkrcnn.model.input;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * One pass over the records in their order, unflipped, in batches of {@code batchSize} (the last one
 * may be smaller). Unusable records are skipped and counted.
 */
public final class EvalBatches implements Iterator<DetectionBatch> {
  private final List<byte[]> records;
  private final ImagePreparer preparer;
  private final int batchSize;
  private final int maxBoxes;
  private final List<String> skipReasons = new ArrayList<>();
  private int position;
  private DetectionBatch pending;

  public EvalBatches(List<byte[]> records, ImagePreparer preparer, int batchSize, int maxBoxes) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    this.records = List.copyOf(records);
    this.preparer = preparer;
    this.batchSize = batchSize;
    this.maxBoxes = maxBoxes;
  }

  @Override
  public boolean hasNext() {
    if (pending == null) {
      List<PreparedImage> batch = new ArrayList<>(batchSize);
      while (batch.size() < batchSize && position < records.size()) {
        try {
          batch.add(preparer.prepare(records.get(position), false));
        } catch (UnusableRecordException e) {
          skipReasons.add(e.getMessage());
        }
        position++;
      }
      if (!batch.isEmpty()) {
        pending = DetectionBatches.assemble(batch, maxBoxes);
      }
    }
    return pending != null;
  }

  @Override
  public DetectionBatch next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more evaluation records");
    }
    DetectionBatch batch = pending;
    pending = null;
    return batch;
  }

  /** How many records were skipped as unusable so far. */
  public int skipped() {
    return skipReasons.size();
  }

  /** Why each skipped record was skipped (the source id where known), in record order. */
  public List<String> skipReasons() {
    return List.copyOf(skipReasons);
  }
}
