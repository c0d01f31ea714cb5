package io.sparkrcnn.model.roi;

import io.sparkrcnn.model.layers.HandWrittenLayer;
import io.sparkrcnn.model.anchors.AnchorGridSpec;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Configuration of the second stage as one DL4J output layer. Input {@code [N, C + 5A, h, w]}: the backbone
 * features then the first stage's A logits and 4A codes. Proposals come from the first stage without
 * gradient; in training the ground-truth boxes join them, {@code batchSize} RoIs per image are sampled
 * (≤ {@code positiveFraction} with IoU ≥ {@code positiveIou}), cropped by {@link RoiAlign} and fed to the box
 * head: a 1×1 reduction to {@code reducedChannels} (ReLU), a fully connected layer of {@code hiddenUnits}
 * (ReLU), then class logits (K + 1) and per-class box codes (4K). Loss = classification weight × softmax
 * cross-entropy + localisation weight × smooth-L1 of the true class's codes, over the sample, divided by its
 * size. At inference the output is, per image and per proposal slot ({@code maxProposals}), the proposal box,
 * the class probabilities and the box codes (empty slots are zero).
 */
public class BoxClassifier extends HandWrittenLayer {
  public AnchorGridSpec anchors = new AnchorGridSpec();
  public int featureChannels = 64;
  public int numClasses = 37;
  public int reducedChannels = 64;
  public int hiddenUnits = 256;
  public int cropSize = 14;
  public int poolKernel = 2;
  public int poolStride = 2;
  public double proposalNmsIou = 0.7;
  public double proposalScoreThreshold = 0;
  public int maxProposals = 300;
  public int batchSize = 64;
  public double positiveFraction = 0.25;
  public double positiveIou = 0.5;
  public double classificationWeight = 1;
  public double localizationWeight = 2;
  public boolean groundTruthAsProposals = true;
  public long seed = 1;

  public BoxClassifier() {}

  @Override
  protected BoxClassifierLayer newLayer(NeuralNetConfiguration conf, DataType dataType) {
    return new BoxClassifierLayer(conf, dataType);
  }

  public int pooledSize() {
    return roiAlign().pooledSize();
  }

  public RoiAlign roiAlign() {
    return new RoiAlign(cropSize, poolKernel, poolStride);
  }

  /** Values per proposal slot in the inference output: box (4), class probabilities (K + 1), codes (4K). */
  public int valuesPerProposal() {
    return 4 + numClasses + 1 + 4 * numClasses;
  }

  @Override
  public ParamInitializer initializer() {
    return BoxClassifierParams.INSTANCE;
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    return InputType.feedForward((long) maxProposals * valuesPerProposal());
  }

  @Override
  public void setNIn(InputType inputType, boolean override) {
    long channels = ((InputType.InputTypeConvolutional) inputType).getChannels();
    if (channels != featureChannels + 5L * anchors.anchorsPerLocation()) {
      throw new IllegalArgumentException("box classifier expects " + featureChannels + " feature channels + 5 × "
          + anchors.anchorsPerLocation() + " first-stage channels, got " + channels);
    }
  }

}
