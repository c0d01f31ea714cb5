package io.sparkrcnn.model.rpn;

import io.sparkrcnn.model.layers.HandWrittenLayer;
import io.sparkrcnn.model.anchors.AnchorGridSpec;
import java.util.List;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.params.EmptyParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * Configuration of the first-stage (RPN) loss layer: input {@code [N, 5A, h, w]} = A objectness logits then
 * 4A box codes per cell; labels the padded ground truth. Anchors are matched at IoU ≥ {@code positiveIou}
 * (and each object's best anchor) / below {@code negativeIou}, {@code minibatchSize} of them sampled with at
 * most {@code positiveFraction} positives; loss = objectness weight × sigmoid cross-entropy + localisation
 * weight × smooth-L1 of the box codes, each summed over the sample and divided by its size, as the reference.
 */
public class RpnLoss extends HandWrittenLayer {
  public AnchorGridSpec anchors = new AnchorGridSpec();
  public int minibatchSize = 256;
  public double positiveFraction = 0.5;
  public double positiveIou = 0.7;
  public double negativeIou = 0.3;
  public double objectnessWeight = 1;
  public double localizationWeight = 2;
  public long seed = 1;

  public RpnLoss() {}

  @Override
  protected RpnLossLayer newLayer(NeuralNetConfiguration conf, DataType dataType) {
    return new RpnLossLayer(conf, dataType);
  }

  @Override
  public ParamInitializer initializer() {
    return EmptyParamInitializer.getInstance();
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    return inputType;
  }

  @Override
  public void setNIn(InputType inputType, boolean override) {
    long channels = ((InputType.InputTypeConvolutional) inputType).getChannels();
    if (channels != 5L * anchors.anchorsPerLocation()) {
      throw new IllegalArgumentException("RPN loss expects 5 × " + anchors.anchorsPerLocation()
          + " channels (objectness + box codes per anchor), got " + channels);
    }
  }

  @Override
  public List<Regularization> getRegularizationByParam(String paramName) {
    return List.of();
  }

}
