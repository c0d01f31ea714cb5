package io.sparkrcnn.jobs.train;

import io.sparkrcnn.model.input.TrainingBatches;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.Function2;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * The batches one worker trains on between two parameter averagings: partition {@code p} of the cached records
 * becomes {@code steps} batches of worker {@code p}'s sequence, from global step {@code step} on. Runs on the
 * executor that holds the partition; the same (step, partition) always gives the same batches, so a retried task
 * trains on the same data.
 */
final class RoundBatches implements Function2<Integer, Iterator<byte[]>, Iterator<MultiDataSet>> {
  private static final long serialVersionUID = 1L;
  static final String UNUSABLE = "unusable_records";
  private final BatchSpec spec;
  private final long step;
  private final int steps;
  private final LossTotals totals;

  /** {@code totals} gets the number of unusable records the worker met while drawing (key {@value #UNUSABLE}). */
  RoundBatches(BatchSpec spec, long step, int steps, LossTotals totals) {
    this.spec = spec;
    this.step = step;
    this.steps = steps;
    this.totals = totals;
  }

  @Override
  public Iterator<MultiDataSet> call(Integer partition, Iterator<byte[]> records) {
    List<byte[]> mine = new ArrayList<>();
    records.forEachRemaining(mine::add);
    if (mine.isEmpty()) {
      return java.util.Collections.emptyIterator();
    }
    TrainingBatches batches = spec.batchesOf(mine, partition, step);
    List<MultiDataSet> out = new ArrayList<>(steps);
    for (int i = 0; i < steps; i++) {
      out.add(batches.next().data());
    }
    totals.add(java.util.Map.of(UNUSABLE, (double) batches.skipped()));
    return out.iterator();
  }
}
