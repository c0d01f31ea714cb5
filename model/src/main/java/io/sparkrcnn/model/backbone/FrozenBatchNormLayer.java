package io.sparkrcnn.model.backbone;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The computation of {@link FrozenBatchNorm}: a fixed per-channel scale and shift of NCHW activations, optionally
 * followed by a ReLU. Forward is libnd4j's {@code batchnorm} op (oneDNN's in the {@code -onednn} build) writing
 * straight into the layer's output, then the ReLU in place; backward multiplies by the per-channel scale, masked
 * where the output was clipped, into the epsilon array, without temporaries of the activations' size.
 */
public class FrozenBatchNormLayer extends org.deeplearning4j.nn.layers.BaseLayer<FrozenBatchNorm> {

  public FrozenBatchNormLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  /** {@code out = (x − mean) / sqrt(var + ε) × gamma + beta} per channel, one pass. */
  private void normalise(INDArray x, INDArray out) {
    long c = layerConf().channels();
    Nd4j.exec(DynamicCustomOp.builder("batchnorm")
        .addInputs(x, vector("mean", c), vector("var", c), vector("gamma", c), vector("beta", c))
        .addOutputs(out)
        .addFloatingPointArguments(layerConf().eps())
        .addIntegerArguments(1, 1, 1) // apply gamma, apply beta, channel axis 1
        .build());
  }

  private INDArray vector(String key, long channels) {
    return getParam(key).reshape(channels);
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(false);
    INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(), input.shape(), 'c');
    normalise(input, out);
    if (layerConf().relu()) {
      Nd4j.exec(new RectifiedLinear(out, out, 0.0));
    }
    return out;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(true);
    INDArray eps = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, epsilon.dataType(), epsilon.shape(),
        'c');
    long c = layerConf().channels();
    INDArray scale = vector("gamma", c).div(Transforms.sqrt(vector("var", c).add(layerConf().eps()), false));
    if (layerConf().relu()) {
      normalise(input, eps); // the pre-ReLU output, recomputed: the mask of where the gradient passes
      Nd4j.exec(new RectifiedLinearDerivative(eps, epsilon, eps));
      Nd4j.exec(new BroadcastMulOp(eps, scale, eps, 1));
    } else {
      Nd4j.exec(new BroadcastMulOp(epsilon, scale, eps, 1));
    }
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
