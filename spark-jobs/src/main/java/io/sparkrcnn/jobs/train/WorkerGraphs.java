package io.sparkrcnn.jobs.train;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The graphs an executor JVM trains with, kept across averaging rounds: a task takes one, loads the round's
 * parameters into it and gives it back when it has trained, so a graph is built (and its configuration parsed) only
 * the first time a task of that configuration runs in the JVM, not every round. Concurrent tasks (two workers in one
 * local-mode JVM) get different graphs. Idle graphs are kept for the configuration asked for last only: a new
 * configuration drops those of the previous one. A graph whose task failed is not given back.
 */
final class WorkerGraphs {
  private static final Deque<ComputationGraph> IDLE = new ArrayDeque<>();
  private static final AtomicInteger BUILT = new AtomicInteger();
  private static String pooled;

  private WorkerGraphs() {}

  /**
   * An idle graph of {@code configuration} (JSON), else a new one whose parameters start as a copy of
   * {@code params} (no random initialisation). Either way the caller loads the round's state into it.
   */
  static ComputationGraph take(String configuration, org.nd4j.linalg.api.ndarray.INDArray params) {
    synchronized (IDLE) {
      if (!configuration.equals(pooled)) {
        IDLE.clear();
        pooled = configuration;
      }
      ComputationGraph idle = IDLE.poll();
      if (idle != null) {
        return idle;
      }
    }
    ComputationGraph graph = new ComputationGraph(ComputationGraphConfiguration.fromJson(configuration));
    graph.init(params.dup(), false);
    BUILT.incrementAndGet();
    return graph;
  }

  /** Returns {@code graph} to the pool after a task trained with it successfully. */
  static void give(String configuration, ComputationGraph graph) {
    synchronized (IDLE) {
      if (configuration.equals(pooled)) {
        IDLE.push(graph);
      }
    }
  }

  /** How many graphs this JVM has built (tests check that rounds reuse them). */
  static int built() {
    return BUILT.get();
  }
}
