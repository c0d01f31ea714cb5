package io.sparkrcnn.jobs.export;

import io.sparkrcnn.model.export.InferenceGraph;
import java.io.IOException;
import java.io.OutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The DL4J side of an export: the inference model made from the restored checkpoint (batch norms folded into the
 * convolutions, {@link InferenceGraph#fold}: what model.dl4j.zip holds and what the GraphDefs are written from), and
 * how model.dl4j.zip is written (no updater state).
 */
final class ExportModels {
  private ExportModels() {}

  /** The inference model of a restored checkpoint. */
  static ComputationGraph inferenceModel(ComputationGraph restored) {
    return InferenceGraph.fold(restored);
  }

  /** Writes {@code inference} as model.dl4j.zip. */
  static void writeModel(ComputationGraph inference, OutputStream out) throws IOException {
    InferenceGraph.write(inference, out);
  }
}
