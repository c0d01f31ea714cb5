package io.sparkrcnn.model.export;

import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/** Non-trivial batch-norm statistics and gamma/beta (frozen or DL4J's, var or log10stdev) for a graph's norms. */
final class RandomBatchNorms {
  private RandomBatchNorms() {}

  static ComputationGraph randomize(ComputationGraph net, long seed) {
    Random random = Nd4j.getRandomFactory().getNewRandomInstance(seed);
    for (Layer layer : net.getLayers()) {
      Map<String, INDArray> p = layer.paramTable();
      if (p.containsKey("mean")) {
        long[] shape = p.get("mean").shape();
        layer.setParam("gamma", uniform(random, shape, 0.6, 1.4));
        layer.setParam("beta", uniform(random, shape, -0.3, 0.3));
        layer.setParam("mean", uniform(random, shape, -0.3, 0.3));
        layer.setParam(p.containsKey("var") ? "var" : "log10stdev",
            p.containsKey("var") ? uniform(random, shape, 0.3, 2.0) : uniform(random, shape, -0.3, 0.3));
      }
    }
    return net;
  }

  private static INDArray uniform(Random random, long[] shape, double low, double high) {
    return Nd4j.rand(random, shape).castTo(DataType.FLOAT).muli(high - low).addi(low);
  }
}
