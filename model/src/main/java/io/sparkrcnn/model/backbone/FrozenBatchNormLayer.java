package io.sparkrcnn.model.backbone;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The computation of {@link FrozenBatchNorm}: a fixed per-channel scale and shift of NCHW activations. */
public class FrozenBatchNormLayer extends org.deeplearning4j.nn.layers.BaseLayer<FrozenBatchNorm> {

  public FrozenBatchNormLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  /** Per-channel scale {@code gamma / sqrt(var + ε)} as {@code [1, C, 1, 1]}. */
  private INDArray scale() {
    INDArray s = getParam("gamma").div(Transforms.sqrt(getParam("var").add(layerConf().eps), false));
    return s.reshape(1, s.length(), 1, 1);
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(false);
    INDArray scale = scale();
    INDArray shift = getParam("beta").reshape(1, scale.length(), 1, 1)
        .sub(getParam("mean").reshape(1, scale.length(), 1, 1).mul(scale));
    INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(), input.shape(), 'c');
    out.assign(input.mul(scale).addi(shift));
    return out;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(true);
    INDArray eps = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, epsilon.dataType(), epsilon.shape(), 'c');
    eps.assign(epsilon.mul(scale()));
    Gradient g = new DefaultGradient();
    for (String k : layerConf().initializer().paramKeys(layerConf())) {
      INDArray view = gradientViews.get(k);
      view.assign(0); // frozen: never updated
      g.gradientForVariable().put(k, view);
    }
    return new Pair<>(g, eps);
  }

  @Override
  public boolean isPretrainLayer() {
    return false;
  }

  @Override
  public double calcRegularizationScore(boolean backpropOnlyParams) {
    return 0;
  }

  @Override
  public Type type() {
    return Type.CONVOLUTIONAL;
  }
}
