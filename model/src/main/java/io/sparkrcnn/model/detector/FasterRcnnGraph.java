package io.sparkrcnn.model.detector;

import io.sparkrcnn.model.backbone.Backbone;
import io.sparkrcnn.model.config.FirstStageSettings;
import io.sparkrcnn.model.config.ModelSettings;
import io.sparkrcnn.model.config.SecondStageSettings;
import io.sparkrcnn.model.config.TrainSettings;
import io.sparkrcnn.model.roi.BoxClassifier;
import io.sparkrcnn.model.rpn.RpnLoss;
import io.sparkrcnn.model.runtime.Nd4jRuntime;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.TruncatedNormalDistribution;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Nesterovs;

/**
 * Assembles Faster R-CNN as one DL4J {@link ComputationGraph} (what DL4J's Spark parameter averaging trains):
 * image {@code [N, 3, S, S]} → backbone → RPN conv → objectness (A) and box codes (4A) → {@code rpn_loss}; and
 * features + first-stage outputs → {@code box_classifier} (proposals, RoI align, box head, its loss). Both
 * outputs take the padded ground truth as labels. Inference reads the box classifier's output by name ({@link SecondStageOutput#select}).
 *
 * <p>Optimiser: DL4J has no heavy-ball momentum, so the reference's momentum optimiser becomes Nesterov
 * momentum with the same coefficient; the learning rate follows the config's schedule by iteration, the global
 * step ({@link io.sparkrcnn.model.config.LearningRateSchedule}); the reference's per-variable gradient clipping by
 * norm is DL4J's {@code ClipL2PerParamType}.
 */
public final class FasterRcnnGraph {
  public static final String INPUT = "image";
  public static final String RPN_LOSS = "rpn_loss";
  public static final String BOX_CLASSIFIER = "box_classifier";
  /**
   * IoU thresholds that the reference's model builder fixes rather than reads from the config: anchors matched at
   * 0.7 or more are the RPN's positives, below 0.3 its negatives; RoIs at 0.5 or more are the second stage's
   * positives (with the ground-truth boxes added to the proposals in training).
   */
  private static final double RPN_POSITIVE_IOU = 0.7;
  private static final double RPN_NEGATIVE_IOU = 0.3;
  private static final double ROI_POSITIVE_IOU = 0.5;

  private FasterRcnnGraph() {}

  public static ComputationGraphConfiguration configuration(ModelSettings m, TrainSettings t, long seed) {
    Nd4jRuntime.init();
    Backbone backbone = Backbone.named(m.featureExtractor(), m.batchNormTrainable());
    NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(DataType.FLOAT)
        .updater(new Nesterovs(t.learningRate(), t.momentum()))
        .weightInit(WeightInit.RELU)
        .convolutionMode(ConvolutionMode.Same);
    if (t.gradientClippingByNorm() > 0) {
      base.gradientNormalization(GradientNormalization.ClipL2PerParamType)
          .gradientNormalizationThreshold(t.gradientClippingByNorm());
    }
    var g = base.graphBuilder().addInputs(INPUT);
    String features = backbone.addTo(g, INPUT);
    FirstStageSettings first = m.firstStage();
    int a = first.anchors().anchorsPerLocation();
    var rpnInit = new WeightInitDistribution(new TruncatedNormalDistribution(0, first.initStddev()));
    g.addLayer("rpn/conv", new ConvolutionLayer.Builder(first.kernelSize(), first.kernelSize()).nOut(first.depth())
        .activation(Activation.RELU).weightInit(rpnInit).l2(first.l2()).build(), features);
    g.addLayer("rpn/objectness", new ConvolutionLayer.Builder(1, 1).nOut(a).activation(Activation.IDENTITY)
        .weightInit(rpnInit).l2(first.l2()).build(), "rpn/conv");
    g.addLayer("rpn/box_codes", new ConvolutionLayer.Builder(1, 1).nOut(4 * a).activation(Activation.IDENTITY)
        .weightInit(rpnInit).l2(first.l2()).build(), "rpn/conv");
    g.addVertex("rpn/outputs", new MergeVertex(), "rpn/objectness", "rpn/box_codes");
    g.addLayer(RPN_LOSS, rpnLoss(first, seed), "rpn/outputs");
    g.addVertex("second_stage/input", new MergeVertex(), features, "rpn/objectness", "rpn/box_codes");
    g.addLayer(BOX_CLASSIFIER, boxClassifier(m, backbone, seed), "second_stage/input");
    g.setOutputs(RPN_LOSS, BOX_CLASSIFIER);
    g.setInputTypes(InputType.convolutional(m.canvasSize(), m.canvasSize(), 3));
    return g.build();
  }

  /** A built and initialised graph. */
  public static ComputationGraph build(ModelSettings m, TrainSettings t, long seed) {
    ComputationGraph graph = new ComputationGraph(configuration(m, t, seed));
    graph.init();
    return graph;
  }

  /**
   * Why a (restored) graph cannot serve a config's model, or null when it can: the class count, canvas and backbone
   * must be the ones it was built with.
   */
  public static String mismatch(ComputationGraph graph, ModelSettings m) {
    if (graph.getConfiguration().getVertices().get(BOX_CLASSIFIER) == null) {
      return "it is not a SparkRCNN Faster R-CNN (no " + BOX_CLASSIFIER + " layer)";
    }
    BoxClassifier b = (BoxClassifier) graph.getLayer(BOX_CLASSIFIER).conf().getLayer();
    Backbone backbone = Backbone.named(m.featureExtractor(), m.batchNormTrainable());
    if (b.numClasses() != m.numClasses() || b.anchors().canvasSize() != m.canvasSize()
        || b.featureChannels() != backbone.channels()) {
      return "it was trained with " + b.numClasses() + " classes on a " + b.anchors().canvasSize()
          + "-pixel canvas and " + b.featureChannels() + " feature channels, the config asks for " + m.numClasses()
          + " classes, " + m.canvasSize() + " pixels and " + m.featureExtractor() + " (" + backbone.channels()
          + " channels)";
    }
    return null;
  }

  private static RpnLoss rpnLoss(FirstStageSettings first, long seed) {
    return RpnLoss.builder().anchors(first.anchors()).minibatchSize(first.minibatchSize())
        .positiveFraction(first.positiveFraction()).matchIou(RPN_POSITIVE_IOU, RPN_NEGATIVE_IOU)
        .lossWeights(first.objectnessWeight(), first.localizationWeight()).seed(seed).build();
  }

  private static BoxClassifier boxClassifier(ModelSettings m, Backbone backbone, long seed) {
    FirstStageSettings first = m.firstStage();
    SecondStageSettings second = m.secondStage();
    return BoxClassifier.builder().anchors(first.anchors()).featureChannels(backbone.channels())
        .numClasses(m.numClasses()).head(backbone.headReducedChannels(), backbone.headHiddenUnits())
        .roiAlign(second.cropSize(), second.poolKernel(), second.poolStride())
        .proposalNmsIou(first.nmsIou()).proposalScoreThreshold(first.nmsScoreThreshold())
        .maxProposals(first.maxProposals()).batchSize(second.batchSize()).positiveFraction(second.positiveFraction())
        .positiveIou(ROI_POSITIVE_IOU).groundTruthAsProposals(true)
        .lossWeights(second.classificationWeight(), second.localizationWeight()).l2(second.l2()).seed(seed + 1)
        .build();
  }
}
