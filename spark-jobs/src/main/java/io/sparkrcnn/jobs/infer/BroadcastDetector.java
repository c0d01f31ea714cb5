package io.sparkrcnn.jobs.infer;

import io.sparkrcnn.jobs.spark.TaskDevices;
import io.sparkrcnn.model.config.PipelineSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * A graph shipped to the executors as broadcast bytes (the model zip without updater state) with the pipeline
 * config it runs under. Broadcast rather than a checkpoint path: the executors then need no access to the
 * train_dir (a local one on the driver is fine), they run exactly the graph the driver loaded and checked, and a
 * training run that keeps writing and rotating checkpoints cannot delete the file under them. Each executor JVM
 * restores the graph once and shares it between its tasks (in local mode that is the driver's JVM).
 */
public final class BroadcastDetector implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The detector of the broadcast last used in this JVM (one evaluation at a time per JVM). */
  private static final Map<Long, RecordDetector> LOADED = new HashMap<>();

  private final Broadcast<byte[]> graph;
  private final String configText;
  private final String configPath;

  private BroadcastDetector(Broadcast<byte[]> graph, String configText, String configPath) {
    this.graph = graph;
    this.configText = configText;
    this.configPath = configPath;
  }

  /** Broadcasts {@code graph}, which runs under the pipeline config {@code configText} read from {@code configPath}. */
  public static BroadcastDetector of(JavaSparkContext sc, ComputationGraph graph, String configText,
      String configPath) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ModelSerializer.writeModel(graph, bytes, false);
    return new BroadcastDetector(sc.broadcast(bytes.toByteArray()), configText, configPath);
  }

  /** This JVM's detector, restoring the graph on first use; called in a task, it selects the task's GPU first. */
  public RecordDetector get() {
    TaskDevices.selectForTask(); // the task computes, and a first use restores the graph, on the task's GPU
    synchronized (LOADED) {
      RecordDetector d = LOADED.get(graph.id());
      if (d == null) {
        LOADED.clear();
        try {
          ComputationGraph g = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(graph.value()), false);
          d = new RecordDetector(g, PipelineSettings.parse(configText, configPath).model());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        LOADED.put(graph.id(), d);
      }
      return d;
    }
  }

  /**
   * Frees the broadcast bytes everywhere and this JVM's restored graph; an executor JVM's graph goes when the next
   * broadcast detector is first used there.
   */
  public void release() {
    synchronized (LOADED) {
      LOADED.remove(graph.id());
    }
    graph.destroy();
  }
}
