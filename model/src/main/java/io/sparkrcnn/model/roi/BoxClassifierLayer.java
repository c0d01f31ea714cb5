package io.sparkrcnn.model.roi;

import static io.sparkrcnn.model.roi.BoxClassifierParams.BOX_B;
import static io.sparkrcnn.model.roi.BoxClassifierParams.BOX_W;
import static io.sparkrcnn.model.roi.BoxClassifierParams.CLASS_B;
import static io.sparkrcnn.model.roi.BoxClassifierParams.CLASS_W;
import static io.sparkrcnn.model.roi.BoxClassifierParams.HIDDEN_B;
import static io.sparkrcnn.model.roi.BoxClassifierParams.HIDDEN_W;
import static io.sparkrcnn.model.roi.BoxClassifierParams.REDUCE_B;
import static io.sparkrcnn.model.roi.BoxClassifierParams.REDUCE_W;

import io.sparkrcnn.model.box.FasterRcnnBoxCoder;
import io.sparkrcnn.model.layers.DetectionLossLayer;
import io.sparkrcnn.model.layers.SmoothL1;
import io.sparkrcnn.model.rpn.AnchorSet;
import io.sparkrcnn.model.rpn.ProposalGenerator;
import io.sparkrcnn.model.rpn.RpnOutputs;
import io.sparkrcnn.model.target.ArgMaxMatcher;
import io.sparkrcnn.model.target.BalancedSampler;
import io.sparkrcnn.model.target.GroundTruthBoxes;
import io.sparkrcnn.model.target.IouMatrix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The second stage (see {@link BoxClassifier}): proposals, RoI sampling, RoI align, box head and its loss. */
public class BoxClassifierLayer extends DetectionLossLayer<BoxClassifier> {
  private static final FasterRcnnBoxCoder CODER = FasterRcnnBoxCoder.withDefaultScales();

  public BoxClassifierLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  /** The RoIs of a batch: image of each, box in canvas pixels, class target (0 = background), box target. */
  private record Rois(int[] image, float[][] boxes, int[] classes, float[][] codes) {
    int size() {
      return image.length;
    }
  }

  /** Activations of the head for a set of RoIs, kept for the backward pass. */
  private record Head(double[] crops, int[] argmax, INDArray x, INDArray z1, INDArray a1, INDArray z2, INDArray a2,
      INDArray logits, INDArray codes) {}

  private ProposalGenerator proposalGenerator() {
    BoxClassifier c = layerConf();
    return new ProposalGenerator(CODER, c.proposalNmsIou(), c.proposalScoreThreshold(), c.maxProposals(),
        c.anchors().canvasSize());
  }

  @Override
  protected INDArray output(INDArray input, boolean training) {
    BoxClassifier c = layerConf();
    int n = (int) input.size(0);
    int channels = (int) input.size(1);
    int h = (int) input.size(2);
    int w = (int) input.size(3);
    double[] in = input.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    AnchorSet anchors = AnchorSet.of(c.anchors(), h, w, false);
    List<Integer> images = new ArrayList<>();
    List<float[]> boxes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      RpnOutputs rpn = RpnOutputs.of(in, i, channels, c.featureChannels(), c.anchors().anchorsPerLocation(), h, w);
      for (float[] b : proposalGenerator().propose(anchors, rpn).boxes()) {
        images.add(i);
        boxes.add(b);
      }
    }
    Rois rois = new Rois(images.stream().mapToInt(Integer::intValue).toArray(), boxes.toArray(float[][]::new),
        null, null);
    int per = c.valuesPerProposal();
    double[] out = new double[n * c.maxProposals() * per];
    if (rois.size() == 0) {
      return Nd4j.create(out, new long[] {n, (long) c.maxProposals() * per}, 'c');
    }
    Head head = forwardHead(in, channels, h, w, rois);
    double[] probs = Transforms.softmax(head.logits(), true).castTo(DataType.DOUBLE).dup('c').data().asDouble();
    double[] codes = head.codes().castTo(DataType.DOUBLE).dup('c').data().asDouble();
    int[] slot = new int[n];
    int k1 = c.numClasses() + 1;
    for (int r = 0; r < rois.size(); r++) {
      int i = rois.image()[r];
      int at = (i * c.maxProposals() + slot[i]++) * per;
      for (int j = 0; j < 4; j++) {
        out[at + j] = rois.boxes()[r][j];
      }
      System.arraycopy(probs, r * k1, out, at + 4, k1);
      System.arraycopy(codes, r * 4 * c.numClasses(), out, at + 4 + k1, 4 * c.numClasses());
    }
    return Nd4j.create(out, new long[] {n, (long) c.maxProposals() * per}, 'c');
  }

  @Override
  protected LossAndGradient loss(INDArray input, INDArray labels, boolean withGradient) {
    BoxClassifier c = layerConf();
    int n = (int) input.size(0);
    int channels = (int) input.size(1);
    int h = (int) input.size(2);
    int w = (int) input.size(3);
    double[] in = input.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    Rois rois = sample(in, labels, n, channels, h, w);
    double[] perImage = new double[n];
    int[] perImageCount = new int[n];
    for (int i : rois.image()) {
      perImageCount[i]++;
    }
    if (rois.size() == 0) {
      return new LossAndGradient(perImage, withGradient ? Nd4j.zeros(input.dataType(), input.shape()) : null,
          zeroGradients(), components(0, 0, n));
    }
    Head head = forwardHead(in, channels, h, w, rois);
    int k1 = c.numClasses() + 1;
    double[] logits = head.logits().castTo(DataType.DOUBLE).dup('c').data().asDouble();
    double[] codes = head.codes().castTo(DataType.DOUBLE).dup('c').data().asDouble();
    double[] dLogits = new double[logits.length];
    double[] dCodes = new double[codes.length];
    double classification = 0;
    double localization = 0;
    for (int r = 0; r < rois.size(); r++) {
      int i = rois.image()[r];
      double norm = perImageCount[i];
      int target = rois.classes()[r];
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < k1; k++) {
        max = Math.max(max, logits[r * k1 + k]);
      }
      double sum = 0;
      for (int k = 0; k < k1; k++) {
        sum += Math.exp(logits[r * k1 + k] - max);
      }
      double logSum = max + Math.log(sum);
      double ce = c.classificationWeight() * (logSum - logits[r * k1 + target]) / norm;
      perImage[i] += ce;
      classification += ce;
      for (int k = 0; k < k1; k++) {
        double p = Math.exp(logits[r * k1 + k] - logSum);
        dLogits[r * k1 + k] = c.classificationWeight() * (p - (k == target ? 1 : 0)) / norm;
      }
      if (target > 0) {
        for (int j = 0; j < 4; j++) {
          int at = r * 4 * c.numClasses() + 4 * (target - 1) + j;
          double d = codes[at] - rois.codes()[r][j];
          double l1 = c.localizationWeight() * SmoothL1.value(d) / norm;
          perImage[i] += l1;
          localization += l1;
          dCodes[at] = c.localizationWeight() * SmoothL1.derivative(d) / norm;
        }
      }
    }
    Map<String, Double> parts = components(classification, localization, n);
    if (!withGradient) {
      return new LossAndGradient(perImage, null, Map.of(), parts);
    }
    return backwardHead(head, rois, dLogits, dCodes, input, channels, h, w, perImage, parts);
  }

  /** Proposals plus ground truth, matched and sampled per image (no gradient flows through this choice). */
  private Rois sample(double[] in, INDArray labels, int n, int channels, int h, int w) {
    BoxClassifier c = layerConf();
    AnchorSet anchors = AnchorSet.of(c.anchors(), h, w, true);
    ArgMaxMatcher matcher = new ArgMaxMatcher(c.positiveIou(), c.positiveIou(), false);
    BalancedSampler sampler = new BalancedSampler(c.batchSize(), c.positiveFraction());
    List<Integer> images = new ArrayList<>();
    List<float[]> boxes = new ArrayList<>();
    List<Integer> classes = new ArrayList<>();
    List<float[]> codes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      GroundTruthBoxes gt = GroundTruthBoxes.of(labels, i);
      for (int k : gt.classes()) {
        if (k > c.numClasses()) { // its logits and box codes would be the next RoI's
          throw new IllegalArgumentException("ground-truth class id " + k + " of image " + i + " is above num_classes "
              + c.numClasses() + "; the records need a model with at least " + k + " classes");
        }
      }
      RpnOutputs rpn = RpnOutputs.of(in, i, channels, c.featureChannels(), c.anchors().anchorsPerLocation(), h, w);
      List<float[]> candidates = new ArrayList<>(List.of(proposalGenerator().propose(anchors, rpn).boxes()));
      if (c.groundTruthAsProposals()) {
        candidates.addAll(List.of(gt.boxes()));
      }
      float[][] cand = candidates.toArray(float[][]::new);
      int[] matches = matcher.match(IouMatrix.of(cand, gt.boxes(), gt.size()), gt.size());
      for (int s : sampler.sample(matches, samplingRandom(c.seed(), i))) {
        images.add(i);
        boxes.add(cand[s]);
        int m = matches[s];
        classes.add(m >= 0 ? gt.classes()[m] : 0);
        codes.add(m >= 0 ? CODER.encode(gt.boxes()[m], cand[s]) : new float[4]);
      }
    }
    return new Rois(images.stream().mapToInt(Integer::intValue).toArray(), boxes.toArray(float[][]::new),
        classes.stream().mapToInt(Integer::intValue).toArray(), codes.toArray(float[][]::new));
  }

  private Head forwardHead(double[] in, int channels, int h, int w, Rois rois) {
    BoxClassifier c = layerConf();
    RoiAlign align = c.roiAlign();
    int pooled2 = c.pooledSize() * c.pooledSize();
    int cf = c.featureChannels();
    int per = pooled2 * cf;
    double[] crops = new double[rois.size() * per];
    int[] argmax = new int[crops.length];
    double[] hwc = null;
    int current = -1;
    for (int r = 0; r < rois.size(); r++) {
      if (rois.image()[r] != current) {
        current = rois.image()[r];
        hwc = RoiAlign.toHwc(in, current, channels, cf, h, w);
      }
      align.forward(hwc, h, w, cf, rois.boxes()[r], c.anchors().canvasSize(), crops, r * per, argmax);
    }
    DataType dt = dataType;
    INDArray x = Nd4j.create(crops, new long[] {(long) rois.size() * pooled2, cf}, 'c').castTo(dt);
    INDArray z1 = x.mmul(getParam(REDUCE_W)).addiRowVector(getParam(REDUCE_B));
    INDArray a1 = Transforms.relu(z1, true).reshape('c', rois.size(), (long) pooled2 * c.reducedChannels());
    INDArray z2 = a1.mmul(getParam(HIDDEN_W)).addiRowVector(getParam(HIDDEN_B));
    INDArray a2 = Transforms.relu(z2, true);
    INDArray logits = a2.mmul(getParam(CLASS_W)).addiRowVector(getParam(CLASS_B));
    INDArray codes = a2.mmul(getParam(BOX_W)).addiRowVector(getParam(BOX_B));
    return new Head(crops, argmax, x, z1, a1, z2, a2, logits, codes);
  }

  private LossAndGradient backwardHead(Head head, Rois rois, double[] dLogitsArr, double[] dCodesArr, INDArray input,
      int channels, int h, int w, double[] perImage, Map<String, Double> parts) {
    BoxClassifier c = layerConf();
    DataType dt = dataType;
    int r = rois.size();
    INDArray dLogits = Nd4j.create(dLogitsArr, new long[] {r, c.numClasses() + 1}, 'c').castTo(dt);
    INDArray dCodes = Nd4j.create(dCodesArr, new long[] {r, 4L * c.numClasses()}, 'c').castTo(dt);
    Map<String, INDArray> g = new LinkedHashMap<>();
    g.put(CLASS_W, head.a2().transpose().mmul(dLogits));
    g.put(CLASS_B, dLogits.sum(true, 0));
    g.put(BOX_W, head.a2().transpose().mmul(dCodes));
    g.put(BOX_B, dCodes.sum(true, 0));
    INDArray dA2 = dLogits.mmul(getParam(CLASS_W).transpose()).addi(dCodes.mmul(getParam(BOX_W).transpose()));
    INDArray dZ2 = dA2.muli(head.z2().gt(0).castTo(dt));
    g.put(HIDDEN_W, head.a1().transpose().mmul(dZ2));
    g.put(HIDDEN_B, dZ2.sum(true, 0));
    int pooled2 = c.pooledSize() * c.pooledSize();
    INDArray dA1 = dZ2.mmul(getParam(HIDDEN_W).transpose()).reshape('c', (long) r * pooled2, c.reducedChannels());
    INDArray dZ1 = dA1.muli(head.z1().gt(0).castTo(dt));
    g.put(REDUCE_W, head.x().transpose().mmul(dZ1));
    g.put(REDUCE_B, dZ1.sum(true, 0));
    double[] dCrops = dZ1.mmul(getParam(REDUCE_W).transpose()).castTo(DataType.DOUBLE).dup('c').data().asDouble();
    RoiAlign align = c.roiAlign();
    int cf = c.featureChannels();
    int per = pooled2 * cf;
    double[] dInput = new double[(int) input.length()];
    double[] dHwc = null;
    for (int k = 0; k < r; k++) {
      int i = rois.image()[k];
      if (k == 0 || rois.image()[k - 1] != i) {
        dHwc = new double[h * w * cf];
      }
      align.backward(dCrops, k * per, head.argmax(), h, w, cf, rois.boxes()[k], c.anchors().canvasSize(), dHwc);
      if (k == r - 1 || rois.image()[k + 1] != i) {
        RoiAlign.addHwc(dHwc, dInput, i, channels, cf, h, w);
      }
    }
    return new LossAndGradient(perImage, Nd4j.create(dInput, input.shape(), 'c'), g, parts);
  }

  private static Map<String, Double> components(double classification, double localization, int images) {
    return Map.of("Loss/BoxClassifierLoss/classification_loss", classification / images,
        "Loss/BoxClassifierLoss/localization_loss", localization / images);
  }

  private Map<String, INDArray> zeroGradients() {
    Map<String, INDArray> g = new LinkedHashMap<>();
    for (String k : layerConf().initializer().paramKeys(layerConf())) {
      g.put(k, Nd4j.zeros(dataType, getParam(k).shape()));
    }
    return g;
  }
}
