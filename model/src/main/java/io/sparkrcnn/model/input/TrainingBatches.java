package io.sparkrcnn.model.input;

import io.sparkrcnn.model.random.Seeds;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Endless training batches: epoch after epoch, the records in an order shuffled by (seed, epoch),
 * each mirrored left-right with probability 0.5 (when random flips are on), also decided by
 * (seed, epoch). The same seed gives the same batches. Batches run on across epoch ends.
 *
 * <p>Unusable records are skipped, counted once each and not tried again; when every record is
 * unusable, {@link #next} throws {@link IllegalStateException}.
 */
public final class TrainingBatches implements Iterator<DetectionBatch> {
  private final List<byte[]> records;
  private final ImagePreparer preparer;
  private final int batchSize;
  private final int maxBoxes;
  private final boolean randomFlip;
  private final boolean shuffle;
  private final long seed;
  private final BitSet unusable = new BitSet();
  private final List<String> skipReasons = new ArrayList<>();
  private long epoch = -1;
  private int position;
  private int[] order;
  private boolean[] flips;

  public TrainingBatches(List<byte[]> records, ImagePreparer preparer, int batchSize, int maxBoxes,
      boolean randomFlip, long seed) {
    this(records, preparer, batchSize, maxBoxes, randomFlip, true, seed);
  }

  /** With {@code shuffle} false, every epoch takes the records in their order (flips stay random). */
  public TrainingBatches(List<byte[]> records, ImagePreparer preparer, int batchSize, int maxBoxes,
      boolean randomFlip, boolean shuffle, long seed) {
    if (records.isEmpty()) {
      throw new IllegalArgumentException("no training records");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    this.records = List.copyOf(records);
    this.preparer = preparer;
    this.batchSize = batchSize;
    this.maxBoxes = maxBoxes;
    this.randomFlip = randomFlip;
    this.shuffle = shuffle;
    this.seed = seed;
  }

  /** Always true: the batches never end. */
  @Override
  public boolean hasNext() {
    return true;
  }

  @Override
  public DetectionBatch next() {
    List<PreparedImage> batch = new ArrayList<>(batchSize);
    while (batch.size() < batchSize) {
      if (order == null || position == order.length) {
        startEpoch();
      }
      int record = order[position];
      boolean flip = flips[position];
      position++;
      if (unusable.get(record)) {
        continue;
      }
      try {
        batch.add(preparer.prepare(records.get(record), flip));
      } catch (UnusableRecordException e) {
        unusable.set(record);
        skipReasons.add(e.getMessage());
        if (unusable.cardinality() == records.size()) {
          throw new IllegalStateException("all " + records.size() + " training records are unusable; the first: "
              + skipReasons.get(0));
        }
      }
    }
    return DetectionBatches.assemble(batch, maxBoxes);
  }

  /**
   * Moves past the next {@code batches} batches without decoding them, as if they had been drawn: a worker that
   * restarts at step k continues the same sequence. Records found unusable earlier are still passed over, so after
   * skips the sequence can differ from the one drawn batch by batch only when some records are unusable.
   */
  public void skip(long batches) {
    for (long left = batches * batchSize; left > 0; ) {
      if (order == null || position == order.length) {
        startEpoch();
      }
      long step = Math.min(left, order.length - position);
      position += (int) step;
      left -= step;
    }
  }

  private void startEpoch() {
    epoch++;
    SplittableRandom random = new SplittableRandom(Seeds.mix(seed, epoch));
    int n = records.size();
    order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; shuffle && i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    flips = new boolean[n];
    for (int i = 0; i < n; i++) {
      flips[i] = randomFlip && random.nextBoolean();
    }
    position = 0;
  }

  /** The epoch the last batch drew from, from 0. */
  public long epoch() {
    return Math.max(0, epoch);
  }

  /** How many distinct records were skipped as unusable so far. */
  public int skipped() {
    return unusable.cardinality();
  }

  /** Why each skipped record was skipped (the source id where known), in the order they were met. */
  public List<String> skipReasons() {
    return List.copyOf(skipReasons);
  }
}
