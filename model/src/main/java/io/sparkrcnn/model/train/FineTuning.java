package io.sparkrcnn.model.train;

import java.util.Arrays;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Starts a model from another one's weights, as the reference's {@code fine_tune_checkpoint} with
 * {@code from_detection_checkpoint: true}: every parameter array whose name and shape match is copied; the rest
 * (for instance the box head of a model with another number of classes) keeps its fresh initialisation.
 */
public final class FineTuning {
  private FineTuning() {}

  /** How many parameter arrays were copied, and how many kept their initialisation. */
  public record Restored(int copied, int kept) {}

  public static Restored restore(ComputationGraph target, ComputationGraph source) {
    Map<String, INDArray> from = source.paramTable();
    int copied = 0;
    int kept = 0;
    for (Map.Entry<String, INDArray> e : target.paramTable().entrySet()) {
      INDArray s = from.get(e.getKey());
      if (s != null && Arrays.equals(s.shape(), e.getValue().shape())) {
        e.getValue().assign(s);
        copied++;
      } else {
        kept++;
      }
    }
    return new Restored(copied, kept);
  }
}
