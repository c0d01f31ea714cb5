package io.sparkrcnn.model.layers;

import java.util.List;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * A DL4J output layer that is not a classifier: {@link IOutputLayer}'s classifier methods (F1 score, label count,
 * predict, fit on data sets) are refused, as a detector has no use for them and DL4J's graph training never calls
 * them.
 */
public abstract class NonClassifierOutputLayer<C extends org.deeplearning4j.nn.conf.layers.BaseLayer>
    extends org.deeplearning4j.nn.layers.BaseLayer<C> implements IOutputLayer {

  protected NonClassifierOutputLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public double f1Score(DataSet data) {
    throw unsupported();
  }

  @Override
  public double f1Score(INDArray examples, INDArray labels) {
    throw unsupported();
  }

  @Override
  public int numLabels() {
    throw unsupported();
  }

  @Override
  public void fit(DataSetIterator iter) {
    throw unsupported();
  }

  @Override
  public int[] predict(INDArray examples) {
    throw unsupported();
  }

  @Override
  public List<String> predict(DataSet dataSet) {
    throw unsupported();
  }

  @Override
  public void fit(INDArray examples, INDArray labels) {
    throw unsupported();
  }

  @Override
  public void fit(DataSet data) {
    throw unsupported();
  }

  @Override
  public void fit(INDArray examples, int[] labels) {
    throw unsupported();
  }

  private UnsupportedOperationException unsupported() {
    return new UnsupportedOperationException(getClass().getSimpleName() + " is a detection loss, not a classifier");
  }
}
