package io.sparkrcnn.model.backbone;

import static io.sparkrcnn.model.layers.LayerConfigChecks.positive;

import io.sparkrcnn.model.layers.HandWrittenLayer;
import java.util.List;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Batch norm frozen as the reference's {@code batch_norm_trainable: false}: {@code y = (x − mean) / sqrt(var + ε) ×
 * gamma + beta} per channel with stored statistics, in training as at inference, parameters never updated (their
 * gradients are zero). DL4J's own batch norm cannot do this: wrapped in {@code FrozenLayerWithBackprop} its backward
 * pass fails after the inference-mode forward pass it is given (1.0.0-M2). Parameters are named as DL4J's
 * ({@code gamma, beta, mean, var}) so that pretrained statistics load by name. With {@link #relu()} the ReLU that
 * follows it in a ResNet is applied in the same layer ({@code max(y, 0)}), saving a layer's passes over the
 * activations; configurations saved before that field existed read it as false (a separate ReLU layer follows).
 */
public class FrozenBatchNorm extends HandWrittenLayer {
  /** Set by DL4J from the input type ({@link #setNIn}). */
  @JsonProperty private long channels;
  @JsonProperty private double eps;
  /** Whether a ReLU is applied to the normalised output; false when absent from the JSON (older configurations). */
  @JsonProperty private boolean relu;

  /** For Jackson, which sets the fields from a saved configuration. */
  private FrozenBatchNorm() {}

  /** A frozen batch norm adding {@code eps} to the variance, followed by a ReLU when {@code relu}. */
  public FrozenBatchNorm(double eps, boolean relu) {
    this.eps = positive("FrozenBatchNorm.eps", eps);
    this.relu = relu;
  }

  @Override
  protected FrozenBatchNormLayer newLayer(NeuralNetConfiguration conf, DataType dataType) {
    return new FrozenBatchNormLayer(conf, dataType);
  }

  /** Channels normalised, 0 until DL4J sets them from the input type. */
  public long channels() {
    return channels;
  }

  public double eps() {
    return eps;
  }

  public boolean relu() {
    return relu;
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
  public List<Regularization> getRegularizationByParam(String paramName) {
    return List.of();
  }

}
