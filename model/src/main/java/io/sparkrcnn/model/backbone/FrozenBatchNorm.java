package io.sparkrcnn.model.backbone;

import java.util.Collection;
import java.util.List;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * Batch norm frozen as the reference's {@code batch_norm_trainable: false}: {@code y = (x − mean) / sqrt(var + ε) ×
 * gamma + beta} per channel with stored statistics, in training as at inference, parameters never updated (their
 * gradients are zero). DL4J's own batch norm cannot do this: wrapped in {@code FrozenLayerWithBackprop} its backward
 * pass fails after the inference-mode forward pass it is given (1.0.0-M2). Parameters are named as DL4J's
 * ({@code gamma, beta, mean, var}) so that pretrained statistics load by name.
 */
public class FrozenBatchNorm extends org.deeplearning4j.nn.conf.layers.BaseLayer {
  public long channels;
  public double eps = 1e-5;

  public FrozenBatchNorm() {}

  public FrozenBatchNorm(long channels) {
    this.channels = channels;
  }

  @Override
  public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
      Collection<TrainingListener> listeners, int layerIndex, INDArray paramsView, boolean initializeParams,
      DataType dataType) {
    FrozenBatchNormLayer layer = new FrozenBatchNormLayer(conf, dataType);
    layer.setListeners(listeners);
    layer.setIndex(layerIndex);
    layer.setParamsViewArray(paramsView);
    layer.setParamTable(initializer().init(conf, paramsView, initializeParams));
    layer.setConf(conf);
    return layer;
  }

  @Override
  public ParamInitializer initializer() {
    return FrozenBatchNormParams.INSTANCE;
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    return inputType;
  }

  @Override
  public void setNIn(InputType inputType, boolean override) {
    long c = ((InputType.InputTypeConvolutional) inputType).getChannels();
    if (channels == 0 || override) {
      channels = c;
    }
  }

  @Override
  public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
    return null;
  }

  @Override
  public List<Regularization> getRegularizationByParam(String paramName) {
    return List.of();
  }

  @Override
  public boolean isPretrainParam(String paramName) {
    return false;
  }

  @Override
  public LayerMemoryReport getMemoryReport(InputType inputType) {
    return new LayerMemoryReport.Builder(layerName, FrozenBatchNorm.class, inputType, inputType)
        .standardMemory(4 * channels, 0).workingMemory(0, 0, 0, 0)
        .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS).build();
  }
}
