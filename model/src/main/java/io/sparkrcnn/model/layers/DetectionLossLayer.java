package io.sparkrcnn.model.layers;

import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Base of SparkRCNN's loss layers: DL4J output layers whose forward pass, loss and backward pass are
 * written by hand (target assignment and sampling need plain Java), over padded ground truth
 * {@code [N, maxBoxes × 5]} as labels. Losses are per image; DL4J's score is their mean and the gradients
 * returned are those of their sum (DL4J's updater divides by the minibatch size).
 */
public abstract class DetectionLossLayer<C extends org.deeplearning4j.nn.conf.layers.BaseLayer>
    extends NonClassifierOutputLayer<C> {

  /** Per-image losses and, when asked for, the gradients of their sum. */
  public record LossAndGradient(double[] perImage, INDArray inputGradient, Map<String, INDArray> paramGradients,
      Map<String, Double> components) {}

  protected INDArray labels;
  private transient LossAndGradient cached;
  private transient Map<String, Double> lastComponents = Map.of();

  protected DetectionLossLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  /** The losses of {@code input} against {@code labels}; arrays made here live outside any workspace. */
  protected abstract LossAndGradient loss(INDArray input, INDArray labels, boolean withGradient);

  /** What the layer outputs at inference (and training) time; made outside any workspace. */
  protected abstract INDArray output(INDArray input, boolean training);

  private LossAndGradient lossOf(boolean withGradient) {
    if (input == null || labels == null) {
      throw new IllegalStateException("layer " + layerId() + " needs input and ground-truth labels for its loss");
    }
    if (cached == null || (withGradient && cached.inputGradient() == null)) {
      try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
        cached = loss(input, labels, withGradient);
      }
      lastComponents = cached.components();
    }
    return cached;
  }

  /** The weighted parts of the last computed loss (named as the reference's summaries), averaged over images. */
  public Map<String, Double> lossComponents() {
    return lastComponents;
  }

  @Override
  public void setInput(INDArray input, LayerWorkspaceMgr workspaceMgr) {
    super.setInput(input, workspaceMgr);
    cached = null;
  }

  @Override
  public void setLabels(INDArray labels) {
    this.labels = labels;
    cached = null;
  }

  @Override
  public INDArray getLabels() {
    return labels;
  }

  @Override
  public boolean needsLabels() {
    return true;
  }

  @Override
  public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
    double sum = 0;
    for (double v : lossOf(false).perImage()) {
      sum += v;
    }
    score = sum / getInputMiniBatchSize() + fullNetRegTerm;
    return score;
  }

  @Override
  public INDArray computeScoreForExamples(double fullNetRegTerm, LayerWorkspaceMgr workspaceMgr) {
    double[] perImage = lossOf(false).perImage();
    INDArray out;
    try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
      out = Nd4j.create(perImage, new long[] {perImage.length, 1}, dataType).addi(fullNetRegTerm);
    }
    return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, out);
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    LossAndGradient l = lossOf(true);
    Gradient g = new DefaultGradient();
    for (String key : layerConf().initializer().paramKeys(layerConf())) {
      INDArray view = gradientViews.get(key);
      view.assign(l.paramGradients().get(key));
      g.gradientForVariable().put(key, view);
    }
    gradient = g;
    INDArray eps = l.inputGradient().castTo(input.dataType());
    return new Pair<>(g, workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, eps));
  }

  @Override
  public void computeGradientAndScore(LayerWorkspaceMgr workspaceMgr) {
    backpropGradient(null, workspaceMgr);
    computeScore(0, true, workspaceMgr);
  }

  @Override
  public Pair<Gradient, Double> gradientAndScore() {
    return new Pair<>(gradient(), score());
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(false);
    INDArray out;
    try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
      out = output(input, training).castTo(dataType);
    }
    return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, out);
  }

  @Override
  public INDArray activate(INDArray input, boolean training, LayerWorkspaceMgr workspaceMgr) {
    setInput(input, workspaceMgr);
    return activate(training, workspaceMgr);
  }

  @Override
  public boolean isPretrainLayer() {
    return false;
  }

  @Override
  public Type type() {
    return Type.CONVOLUTIONAL;
  }

  @Override
  public void clear() {
    super.clear();
    labels = null;
    cached = null;
  }

  /** Random numbers for one image's target sampling: fixed by seed, training iteration and image. */
  protected java.util.SplittableRandom samplingRandom(long seed, int image) {
    return new java.util.SplittableRandom(io.sparkrcnn.model.random.Seeds.mix(seed, getIterationCount(), image));
  }
}
