package io.sparkrcnn.model.export;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.types.TFloat32;

/** A GraphDef imported by TensorFlow for Java ({@code Graph.importGraphDef}) and run on float inputs. */
final class TensorFlowRun {
  private TensorFlowRun() {}

  /** The float output {@code fetch} of {@code graph} with {@code input} (any shape) fed to {@code feed}. */
  static INDArray run(GraphDef graph, String feed, INDArray input, String fetch) {
    try (Graph g = new Graph()) {
      g.importGraphDef(graph);
      float[] values = input.castTo(DataType.FLOAT).dup('c').reshape(new long[] {input.length()}).toFloatVector();
      try (Session s = new Session(g);
          TFloat32 in = TFloat32.tensorOf(Shape.of(input.shape()), DataBuffers.of(values));
          Result r = s.runner().feed(feed, in).fetch(fetch).run()) {
        TFloat32 out = (TFloat32) r.get(0);
        float[] flat = new float[(int) out.size()];
        out.copyTo(DataBuffers.of(flat, false, false));
        return Nd4j.create(flat, out.shape().asArray(), 'c');
      }
    }
  }

  /** Only the graph's constant {@code fetch}: no input. */
  static INDArray constant(GraphDef graph, String fetch) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      g.importGraphDef(graph);
      try (Result r = s.runner().fetch(fetch).run()) {
        TFloat32 out = (TFloat32) r.get(0);
        float[] flat = new float[(int) out.size()];
        out.copyTo(DataBuffers.of(flat, false, false));
        return Nd4j.create(flat, out.shape().asArray(), 'c');
      }
    }
  }
}
