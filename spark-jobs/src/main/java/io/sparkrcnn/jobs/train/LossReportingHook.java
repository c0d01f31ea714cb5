package io.sparkrcnn.jobs.train;

import io.sparkrcnn.model.layers.DetectionLossLayer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Runs on the workers around every minibatch: adds the total loss, the four component losses, the images and
 * the milliseconds spent in {@code fit} to a {@link LossTotals} accumulator the driver reads after each round.
 */
final class LossReportingHook implements MultiDataSetHook {
  private static final long serialVersionUID = 1L;
  static final String STEPS = "steps";
  static final String IMAGES = "images";
  static final String FIT_MS = "fit_ms";
  static final String TOTAL = "Losses/TotalLoss";

  private final LossTotals totals;
  private transient long started;

  LossReportingHook(LossTotals totals) {
    this.totals = totals;
  }

  @Override
  public void preUpdate(MultiDataSet minibatch, Model model) {
    started = System.nanoTime();
  }

  @Override
  public void postUpdate(MultiDataSet minibatch, Model model) {
    Map<String, Double> v = new LinkedHashMap<>();
    v.put(FIT_MS, (System.nanoTime() - started) / 1e6);
    v.put(STEPS, 1.0);
    v.put(IMAGES, (double) minibatch.getFeatures(0).size(0));
    v.put(TOTAL, model.score());
    ComputationGraph graph = (ComputationGraph) model;
    for (int i = 0; i < graph.getNumOutputArrays(); i++) {
      if (graph.getOutputLayer(i) instanceof DetectionLossLayer<?> l) {
        l.lossComponents().forEach((k, x) -> v.put("Losses/" + k, x));
      }
    }
    totals.add(v);
  }
}
