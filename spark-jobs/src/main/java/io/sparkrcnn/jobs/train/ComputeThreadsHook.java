package io.sparkrcnn.jobs.train;

import io.sparkrcnn.model.runtime.Nd4jRuntime;
import org.apache.spark.TaskContext;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Gives each training task ND4J compute threads equal to the cores Spark gave it ({@code spark.task.cpus}), so
 * that workers sharing an executor do not oversubscribe its cores. Each task deserialises its own copy, which sets
 * the threads on its first minibatch, on the thread that trains.
 */
final class ComputeThreadsHook implements MultiDataSetHook {
  private static final long serialVersionUID = 1L;
  private transient boolean set;

  @Override
  public void preUpdate(MultiDataSet minibatch, Model model) {
    if (!set) {
      TaskContext task = TaskContext.get();
      Nd4jRuntime.computeThreads(task == null ? Runtime.getRuntime().availableProcessors() : task.cpus());
      set = true;
    }
  }
}
