package io.sparkrcnn.model.checkpoint;

import io.sparkrcnn.model.trainable.ParameterScopes;

import io.sparkrcnn.model.detector.FasterRcnnGraph;
import java.util.Arrays;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Starts a model from another one's weights, as the reference's {@code fine_tune_checkpoint}: every parameter
 * array whose name and shape match is copied, except those in the exclude scopes (slim's
 * {@code --checkpoint_exclude_scopes}); the rest (for instance the box head of a model with another number of
 * classes) keeps its fresh initialisation. {@code fine_tune_checkpoint_type: "detection"} restores the whole model
 * ({@link #restore}); {@code "classification"} from one of our detection checkpoints only its feature extractor
 * ({@link #restoreFeatureExtractor}); a DL4J zoo ResNet-50 goes through {@link ZooResNet50Weights}.
 */
public final class FineTuning {
  /** The parameters outside the feature extractor: the first stage (RPN) and the second stage (box head). */
  public static final ParameterScopes DETECTION_HEADS =
      ParameterScopes.of("the detection heads", "rpn/", FasterRcnnGraph.BOX_CLASSIFIER + "_");

  /**
   * The box predictors a detection checkpoint does not give with {@code load_all_detection_checkpoint_vars: false}
   * (the reference then restores only the first- and second-stage feature extractors): the RPN and the class and box
   * layers of the box head.
   */
  public static final ParameterScopes BOX_PREDICTORS = ParameterScopes.of("load_all_detection_checkpoint_vars:"
      + " false", "rpn/", FasterRcnnGraph.BOX_CLASSIFIER + "_class", FasterRcnnGraph.BOX_CLASSIFIER + "_box");

  private FineTuning() {}

  /**
   * What a restore did with the target's parameter arrays: {@code copied} from the source, {@code excluded} by
   * scope (left as initialised), {@code fresh} because the source has none of that name and shape.
   */
  public record Restored(int copied, int excluded, int fresh) {
    /** Arrays that kept their initialisation, excluded or fresh. */
    public int kept() {
      return excluded + fresh;
    }
  }

  /** Restores every parameter array whose name and shape match. */
  public static Restored restore(ComputationGraph target, ComputationGraph source) {
    return restore(target, source, ParameterScopes.NONE);
  }

  /** Restores every parameter array whose name and shape match, except those in {@code exclude}. */
  public static Restored restore(ComputationGraph target, ComputationGraph source, ParameterScopes exclude) {
    Map<String, INDArray> from = source.paramTable();
    int copied = 0;
    int excluded = 0;
    int fresh = 0;
    for (Map.Entry<String, INDArray> e : target.paramTable().entrySet()) {
      INDArray s = from.get(e.getKey());
      if (exclude.contains(e.getKey())) {
        excluded++;
      } else if (s != null && Arrays.equals(s.shape(), e.getValue().shape())) {
        e.getValue().assign(s);
        copied++;
      } else {
        fresh++;
      }
    }
    return new Restored(copied, excluded, fresh);
  }

  /**
   * Restores the feature extractor only (the reference's classification checkpoints hold nothing else): every
   * parameter array outside {@link #DETECTION_HEADS} and {@code exclude} whose name and shape match.
   */
  public static Restored restoreFeatureExtractor(ComputationGraph target, ComputationGraph source,
      ParameterScopes exclude) {
    return restore(target, source, DETECTION_HEADS.and(exclude));
  }
}
