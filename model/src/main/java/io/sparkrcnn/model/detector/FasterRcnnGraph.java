package io.sparkrcnn.model.detector;

import io.sparkrcnn.model.backbone.Backbone;
import io.sparkrcnn.model.config.ModelSettings;
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
 * outputs take the padded ground truth as labels. Inference reads output 1 (see {@link PostProcessor}).
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
    int a = m.anchors().anchorsPerLocation();
    var rpnInit = new WeightInitDistribution(new TruncatedNormalDistribution(0, m.rpnInitStddev()));
    g.addLayer("rpn/conv", new ConvolutionLayer.Builder(m.rpnKernelSize(), m.rpnKernelSize()).nOut(m.rpnDepth())
        .activation(Activation.RELU).weightInit(rpnInit).l2(m.rpnL2()).build(), features);
    g.addLayer("rpn/objectness", new ConvolutionLayer.Builder(1, 1).nOut(a).activation(Activation.IDENTITY)
        .weightInit(rpnInit).l2(m.rpnL2()).build(), "rpn/conv");
    g.addLayer("rpn/box_codes", new ConvolutionLayer.Builder(1, 1).nOut(4 * a).activation(Activation.IDENTITY)
        .weightInit(rpnInit).l2(m.rpnL2()).build(), "rpn/conv");
    g.addVertex("rpn/outputs", new MergeVertex(), "rpn/objectness", "rpn/box_codes");
    g.addLayer(RPN_LOSS, rpnLoss(m, seed), "rpn/outputs");
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
    if (b.numClasses != m.numClasses() || b.anchors.canvasSize != m.canvasSize()
        || b.featureChannels != backbone.channels()) {
      return "it was trained with " + b.numClasses + " classes on a " + b.anchors.canvasSize + "-pixel canvas and "
          + b.featureChannels + " feature channels, the config asks for " + m.numClasses() + " classes, "
          + m.canvasSize() + " pixels and " + m.featureExtractor() + " (" + backbone.channels() + " channels)";
    }
    return null;
  }

  private static RpnLoss rpnLoss(ModelSettings m, long seed) {
    RpnLoss r = new RpnLoss();
    r.anchors = m.anchors();
    r.minibatchSize = m.rpnMinibatchSize();
    r.positiveFraction = m.rpnPositiveFraction();
    r.objectnessWeight = m.rpnObjectnessWeight();
    r.localizationWeight = m.rpnLocalizationWeight();
    r.seed = seed;
    return r;
  }

  private static BoxClassifier boxClassifier(ModelSettings m, Backbone backbone, long seed) {
    BoxClassifier b = new BoxClassifier();
    b.anchors = m.anchors();
    b.featureChannels = backbone.channels();
    b.numClasses = m.numClasses();
    b.reducedChannels = backbone.headReducedChannels();
    b.hiddenUnits = backbone.headHiddenUnits();
    b.cropSize = m.cropSize();
    b.poolKernel = m.poolKernel();
    b.poolStride = m.poolStride();
    b.proposalNmsIou = m.rpnNmsIou();
    b.proposalScoreThreshold = m.rpnNmsScoreThreshold();
    b.maxProposals = m.maxProposals();
    b.batchSize = m.secondStageBatchSize();
    b.positiveFraction = m.secondStagePositiveFraction();
    b.classificationWeight = m.secondStageClassificationWeight();
    b.localizationWeight = m.secondStageLocalizationWeight();
    b.seed = seed + 1;
    b.setRegularization(m.headL2() > 0
        ? java.util.List.of(new org.nd4j.linalg.learning.regularization.L2Regularization(m.headL2()))
        : null);
    return b;
  }
}
