package io.sparkrcnn.jobs.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * A DL4J worker hook for the detection graph, which trains on MultiDataSets only: implement the MultiDataSet
 * callbacks you need; the DataSet ones are refused.
 */
public interface MultiDataSetHook extends TrainingHook {
  @Override
  default void preUpdate(MultiDataSet minibatch, Model model) {}

  @Override
  default void postUpdate(MultiDataSet minibatch, Model model) {}

  @Override
  default void preUpdate(DataSet minibatch, Model model) {
    throw new UnsupportedOperationException("the detection graph trains on MultiDataSets");
  }

  @Override
  default void postUpdate(DataSet minibatch, Model model) {
    throw new UnsupportedOperationException("the detection graph trains on MultiDataSets");
  }
}
