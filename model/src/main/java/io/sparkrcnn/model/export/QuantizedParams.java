package io.sparkrcnn.model.export;

import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A DL4J graph with the weights TensorFlow computes from {@link QuantizeWeights}' output: each parameter array of at
 * least {@code minimumSize} elements replaced by {@link QuantizeWeights#roundTrip} of its values (one range per
 * array), the others as they were. It stands for the quantized GraphDef in our runtime when that GraphDef's float
 * constants are the graph's parameter arrays re-laid-out (the same elements, so the same range and codes): apply it
 * to the graph the GraphDef was written from, batch norm already folded, not to one whose constants are computed
 * from several arrays.
 */
public final class QuantizedParams {
  private QuantizedParams() {}

  /** A copy of {@code graph} ({@link ComputationGraph#clone()}) with its large parameter arrays round-tripped. */
  public static ComputationGraph apply(ComputationGraph graph, int minimumSize) {
    ComputationGraph copy = graph.clone();
    for (Layer layer : copy.getLayers()) {
      for (Map.Entry<String, INDArray> param : layer.paramTable().entrySet()) {
        INDArray p = param.getValue();
        if (QuantizeWeights.quantizes(p.length(), minimumSize)) {
          float[] values = p.castTo(DataType.FLOAT).dup('c').reshape(p.length()).toFloatVector();
          p.assign(Nd4j.create(QuantizeWeights.roundTrip(values), p.shape(), 'c').castTo(p.dataType()));
        }
      }
    }
    return copy;
  }
}
