package io.sparkrcnn.model.roi;

import io.sparkrcnn.model.box.FasterRcnnBoxCoder;
import io.sparkrcnn.model.detector.SecondStageOutput;
import io.sparkrcnn.model.layers.DetectionLossLayer;
import io.sparkrcnn.model.rpn.AnchorSetCache;
import io.sparkrcnn.model.rpn.BatchProposer;
import io.sparkrcnn.model.rpn.ProposalGenerator;
import io.sparkrcnn.model.target.GroundTruthBoxes;
import io.sparkrcnn.model.target.ProposalTargets;
import io.sparkrcnn.model.target.SampledRois;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The second stage (see {@link BoxClassifier}) as torchvision's {@code RoIHeads}: the first stage's proposals
 * ({@link BatchProposer}), in training their targets ({@link ProposalTargets}), RoI pooling
 * ({@link RoiFeatureCropper}), the box head ({@link BoxHead}) and its loss ({@link FastRcnnLoss}); at inference the
 * {@link SecondStageOutput}.
 */
public class BoxClassifierLayer extends DetectionLossLayer<BoxClassifier> {
  private static final FasterRcnnBoxCoder CODER = FasterRcnnBoxCoder.withDefaultScales();

  public BoxClassifierLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  /** The layer's input: features then first-stage outputs, {@code [n, channels, h, w]} as row-major doubles. */
  private record Batch(double[] values, int n, int channels, int h, int w) {
    static Batch of(INDArray input) {
      return new Batch(input.castTo(DataType.DOUBLE).dup('c').data().asDouble(), (int) input.size(0),
          (int) input.size(1), (int) input.size(2), (int) input.size(3));
    }
  }

  /** Each image's proposals; in training over the anchors the first-stage loss uses, at inference over all. */
  private float[][][] proposals(Batch b, boolean training) {
    BoxClassifier c = layerConf();
    var generator = new ProposalGenerator(CODER, c.proposalNmsIou(), c.proposalScoreThreshold(), c.maxProposals(),
        c.anchors().canvasSize());
    return new BatchProposer(generator, c.featureChannels(), c.anchors().anchorsPerLocation())
        .propose(b.values(), b.n(), b.channels(), b.h(), b.w(), AnchorSetCache.get(c.anchors(), b.h(), b.w(), training));
  }

  private RoiFeatureCropper cropper() {
    BoxClassifier c = layerConf();
    return new RoiFeatureCropper(c.roiAlign(), c.featureChannels(), c.anchors().canvasSize());
  }

  private BoxHead head() {
    return BoxHead.of(this::getParam, layerConf().pooledSize() * layerConf().pooledSize(), dataType);
  }

  @Override
  protected INDArray output(INDArray input, boolean training) {
    BoxClassifier c = layerConf();
    Batch b = Batch.of(input);
    Rois rois = Rois.of(proposals(b, false));
    SecondStageOutput.Writer out = new SecondStageOutput(c.numClasses(), c.maxProposals()).writer(b.n());
    if (rois.size() > 0) {
      BoxHead.Activations head = head().forward(cropper().forward(b.values(), b.channels(), b.h(), b.w(), rois)
          .values(), rois.size());
      double[] probs = Transforms.softmax(head.logits(), true).castTo(DataType.DOUBLE).dup('c').data().asDouble();
      double[] codes = head.codeValues();
      for (int r = 0; r < rois.size(); r++) {
        out.add(rois.image()[r], rois.boxes()[r], probs, r * (c.numClasses() + 1), codes, r * 4 * c.numClasses());
      }
    }
    return out.toArray();
  }

  @Override
  protected LossAndGradient loss(INDArray input, INDArray labels, boolean withGradient) {
    BoxClassifier c = layerConf();
    Batch b = Batch.of(input);
    GroundTruthBoxes[] gt = new GroundTruthBoxes[b.n()];
    for (int i = 0; i < b.n(); i++) {
      gt[i] = GroundTruthBoxes.of(labels, i);
    }
    var targets = new ProposalTargets(c.numClasses(), c.positiveIou(), c.batchSize(), c.positiveFraction(),
        c.groundTruthAsProposals(), CODER);
    SampledRois sampled = targets.sample(proposals(b, true), gt, i -> samplingRandom(c.seed(), i));
    var lossFunction = new FastRcnnLoss(c.numClasses(), c.classificationWeight(), c.localizationWeight());
    if (sampled.size() == 0) {
      FastRcnnLoss.Result none = lossFunction.of(new double[0], new double[0], sampled, b.n());
      return new LossAndGradient(none.perImage(), withGradient ? Nd4j.zeros(input.dataType(), input.shape()) : null,
          zeroGradients(), none.components());
    }
    Rois rois = new Rois(sampled.image(), sampled.boxes());
    RoiFeatureCropper cropper = cropper();
    RoiFeatureCropper.Crops crops = cropper.forward(b.values(), b.channels(), b.h(), b.w(), rois);
    BoxHead head = head();
    BoxHead.Activations a = head.forward(crops.values(), rois.size());
    FastRcnnLoss.Result loss = lossFunction.of(a.logitValues(), a.codeValues(), sampled, b.n());
    if (!withGradient) {
      return new LossAndGradient(loss.perImage(), null, Map.of(), loss.components());
    }
    BoxHead.Gradients g = head.backward(a, loss.dLogits(), loss.dCodes());
    double[] dInput = cropper.backward(g.crops(), crops, rois, b.values().length, b.channels(), b.h(), b.w());
    return new LossAndGradient(loss.perImage(), Nd4j.create(dInput, input.shape(), 'c'), g.params(),
        loss.components());
  }

  private Map<String, INDArray> zeroGradients() {
    Map<String, INDArray> g = new LinkedHashMap<>();
    for (String k : layerConf().initializer().paramKeys(layerConf())) {
      g.put(k, Nd4j.zeros(dataType, getParam(k).shape()));
    }
    return g;
  }
}
