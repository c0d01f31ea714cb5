package io.sparkrcnn.model.layers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Named views of consecutive slices of DL4J's flat parameter (or gradient) vector of one layer. */
public final class ParamViews {
  private ParamViews() {}

  /** One view per entry, in order, each reshaped ('f' order, as DL4J's weights) to its shape. */
  public static Map<String, INDArray> slice(INDArray flat, Map<String, long[]> shapes) {
    Map<String, INDArray> out = new LinkedHashMap<>();
    INDArray row = flat.reshape(flat.length());
    long offset = 0;
    for (Map.Entry<String, long[]> e : shapes.entrySet()) {
      long n = 1;
      for (long d : e.getValue()) {
        n *= d;
      }
      out.put(e.getKey(), row.get(NDArrayIndex.interval(offset, offset + n)).reshape('f', e.getValue()));
      offset += n;
    }
    return out;
  }
}
