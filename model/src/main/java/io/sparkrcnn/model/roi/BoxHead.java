package io.sparkrcnn.model.roi;

import static io.sparkrcnn.model.roi.BoxClassifierParams.BOX_B;
import static io.sparkrcnn.model.roi.BoxClassifierParams.BOX_W;
import static io.sparkrcnn.model.roi.BoxClassifierParams.CLASS_B;
import static io.sparkrcnn.model.roi.BoxClassifierParams.CLASS_W;
import static io.sparkrcnn.model.roi.BoxClassifierParams.HIDDEN_B;
import static io.sparkrcnn.model.roi.BoxClassifierParams.HIDDEN_W;
import static io.sparkrcnn.model.roi.BoxClassifierParams.REDUCE_B;
import static io.sparkrcnn.model.roi.BoxClassifierParams.REDUCE_W;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The box head and predictor (torchvision's {@code box_head} + {@code box_predictor}) over the crops of R RoIs
 * ({@code [R × cells][C]}, {@code cells} pooled cells per RoI): a 1×1 reduction to {@code reduced} channels (ReLU), a
 * fully connected layer over each RoI's {@code cells × reduced} values (ReLU), then class logits {@code [R, K + 1]}
 * and per-class box codes {@code [R, 4K]}. Holds views of the layer's parameters (see {@link BoxClassifierParams});
 * computes in {@code dataType}.
 */
public record BoxHead(Map<String, INDArray> params, int cells, DataType dataType) {

  /** What the forward pass keeps for the backward pass, and its outputs. */
  public record Activations(INDArray x, INDArray z1, INDArray a1, INDArray z2, INDArray a2, INDArray logits,
      INDArray codes) {
    public double[] logitValues() {
      return logits.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    public double[] codeValues() {
      return codes.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }
  }

  /** Parameter gradients by key and the gradient of the crops (their layout). */
  public record Gradients(Map<String, INDArray> params, double[] crops) {}

  public static BoxHead of(Function<String, INDArray> param, int cells, DataType dataType) {
    Map<String, INDArray> p = new LinkedHashMap<>();
    for (String k : List.of(REDUCE_W, REDUCE_B, HIDDEN_W, HIDDEN_B, CLASS_W, CLASS_B, BOX_W, BOX_B)) {
      p.put(k, param.apply(k));
    }
    return new BoxHead(p, cells, dataType);
  }

  private INDArray p(String key) {
    return params.get(key);
  }

  public Activations forward(double[] crops, int rois) {
    long channels = p(REDUCE_W).size(0);
    INDArray x = Nd4j.create(crops, new long[] {(long) rois * cells, channels}, 'c').castTo(dataType);
    INDArray z1 = x.mmul(p(REDUCE_W)).addiRowVector(p(REDUCE_B));
    INDArray a1 = Transforms.relu(z1, true).reshape('c', rois, cells * p(REDUCE_W).size(1));
    INDArray z2 = a1.mmul(p(HIDDEN_W)).addiRowVector(p(HIDDEN_B));
    INDArray a2 = Transforms.relu(z2, true);
    INDArray logits = a2.mmul(p(CLASS_W)).addiRowVector(p(CLASS_B));
    INDArray codes = a2.mmul(p(BOX_W)).addiRowVector(p(BOX_B));
    return new Activations(x, z1, a1, z2, a2, logits, codes);
  }

  /** The backward pass from the gradients of the logits {@code [R][K + 1]} and codes {@code [R][4K]} (row-major). */
  public Gradients backward(Activations a, double[] dLogitValues, double[] dCodeValues) {
    long r = a.logits().size(0);
    INDArray dLogits = Nd4j.create(dLogitValues, new long[] {r, p(CLASS_W).size(1)}, 'c').castTo(dataType);
    INDArray dCodes = Nd4j.create(dCodeValues, new long[] {r, p(BOX_W).size(1)}, 'c').castTo(dataType);
    Map<String, INDArray> g = new LinkedHashMap<>();
    g.put(CLASS_W, a.a2().transpose().mmul(dLogits));
    g.put(CLASS_B, dLogits.sum(true, 0));
    g.put(BOX_W, a.a2().transpose().mmul(dCodes));
    g.put(BOX_B, dCodes.sum(true, 0));
    INDArray dA2 = dLogits.mmul(p(CLASS_W).transpose()).addi(dCodes.mmul(p(BOX_W).transpose()));
    INDArray dZ2 = dA2.muli(a.z2().gt(0).castTo(dataType));
    g.put(HIDDEN_W, a.a1().transpose().mmul(dZ2));
    g.put(HIDDEN_B, dZ2.sum(true, 0));
    INDArray dA1 = dZ2.mmul(p(HIDDEN_W).transpose()).reshape('c', r * cells, p(REDUCE_W).size(1));
    INDArray dZ1 = dA1.muli(a.z1().gt(0).castTo(dataType));
    g.put(REDUCE_W, a.x().transpose().mmul(dZ1));
    g.put(REDUCE_B, dZ1.sum(true, 0));
    double[] dCrops = dZ1.mmul(p(REDUCE_W).transpose()).castTo(DataType.DOUBLE).dup('c').data().asDouble();
    return new Gradients(g, dCrops);
  }
}
