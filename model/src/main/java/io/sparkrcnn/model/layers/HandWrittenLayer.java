package io.sparkrcnn.model.layers;

import java.util.Collection;
import java.util.List;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Base of the configurations of SparkRCNN's hand-written DL4J layers: instantiation with the parameter views
 * of {@link #initializer()}, no input preprocessor, no pretraining, a memory report of the parameters only, and
 * freezing by parameter ({@link #freezeParams}), which DL4J's weight/bias updater split cannot express.
 */
public abstract class HandWrittenLayer extends org.deeplearning4j.nn.conf.layers.BaseLayer {
  static {
    // Every detector graph holds these layers, so any JVM that builds or deserialises one (a Spark executor's
    // training worker too) enables DL4J's oneDNN helpers before its layers are instantiated.
    io.sparkrcnn.model.runtime.Nd4jRuntime.init();
  }

  /**
   * Keys of the parameters that never update (see {@code io.sparkrcnn.model.trainable.FrozenParameters}): their
   * updater is {@code Sgd(0)} (an update of exactly zero; DL4J's {@code NoOp} would apply the raw gradient) and they
   * have no regularization. Saved with the configuration, so checkpoints keep them frozen.
   */
  @JsonProperty private List<String> frozenParams = List.of();

  /** The keys of this layer's frozen parameters. */
  public List<String> frozenParams() {
    return frozenParams;
  }

  /**
   * Freezes these parameters: called on a configuration before its graph is built (as DL4J's own configuration
   * setters are), never on a layer in use.
   */
  public void freezeParams(List<String> keys) {
    frozenParams = List.copyOf(keys);
  }

  @Override
  public IUpdater getUpdaterByParam(String paramName) {
    return frozenParams.contains(paramName) ? new Sgd(0.0) : super.getUpdaterByParam(paramName);
  }

  @Override
  public List<Regularization> getRegularizationByParam(String paramName) {
    return frozenParams.contains(paramName) ? List.of() : super.getRegularizationByParam(paramName);
  }

  /** The layer implementation for this configuration. */
  protected abstract org.deeplearning4j.nn.layers.BaseLayer<?> newLayer(NeuralNetConfiguration conf,
      DataType dataType);

  @Override
  public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
      Collection<TrainingListener> listeners, int layerIndex, INDArray paramsView, boolean initializeParams,
      DataType dataType) {
    org.deeplearning4j.nn.layers.BaseLayer<?> layer = newLayer(conf, dataType);
    layer.setListeners(listeners);
    layer.setIndex(layerIndex);
    layer.setParamsViewArray(paramsView);
    layer.setParamTable(initializer().init(conf, paramsView, initializeParams));
    layer.setConf(conf);
    return layer;
  }

  @Override
  public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
    return null;
  }

  @Override
  public boolean isPretrainParam(String paramName) {
    return false;
  }

  @Override
  public LayerMemoryReport getMemoryReport(InputType inputType) {
    return new LayerMemoryReport.Builder(layerName, getClass(), inputType, getOutputType(0, inputType))
        .standardMemory(initializer().numParams(this), 0).workingMemory(0, 0, 0, 0)
        .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS).build();
  }
}
