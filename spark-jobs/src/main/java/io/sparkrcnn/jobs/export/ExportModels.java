package io.sparkrcnn.jobs.export;

import java.io.IOException;
import java.io.OutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * The DL4J side of an export: the inference model made from the restored checkpoint (what model.dl4j.zip holds and
 * what the GraphDefs are written from), and how model.dl4j.zip is written.
 */
final class ExportModels {
  private ExportModels() {}

  /** The inference model of a restored checkpoint: for now the restored graph itself, without updater state. */
  static ComputationGraph inferenceModel(ComputationGraph restored) {
    return restored;
  }

  /** Writes {@code inference} as model.dl4j.zip (no updater state). */
  static void writeModel(ComputationGraph inference, OutputStream out) throws IOException {
    ModelSerializer.writeModel(inference, out, false);
  }
}
