package io.sparkrcnn.jobs.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.util.AccumulatorV2;

/**
 * Sums named values over the minibatches the workers trained on (losses, fit time, images), so the driver can
 * report the mean of a round. Only successful task attempts are merged (Spark's rule for accumulators updated
 * in actions), so a retried task is not counted twice.
 */
public final class LossTotals extends AccumulatorV2<Map<String, Double>, Map<String, Double>> {
  private static final long serialVersionUID = 1L;
  private final LinkedHashMap<String, Double> sums = new LinkedHashMap<>();

  @Override
  public boolean isZero() {
    return sums.isEmpty();
  }

  @Override
  public LossTotals copy() {
    LossTotals c = new LossTotals();
    c.sums.putAll(sums);
    return c;
  }

  @Override
  public void reset() {
    sums.clear();
  }

  @Override
  public void add(Map<String, Double> values) {
    values.forEach((k, v) -> sums.merge(k, v, Double::sum));
  }

  @Override
  public void merge(AccumulatorV2<Map<String, Double>, Map<String, Double>> other) {
    add(other.value());
  }

  @Override
  public Map<String, Double> value() {
    return new LinkedHashMap<>(sums);
  }
}
