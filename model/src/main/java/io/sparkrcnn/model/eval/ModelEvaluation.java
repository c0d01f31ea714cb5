package io.sparkrcnn.model.eval;

import io.sparkrcnn.io.example.GroundTruth;
import io.sparkrcnn.model.config.ModelSettings;
import io.sparkrcnn.model.detector.Detector;
import io.sparkrcnn.model.eval.DetectionMetrics;
import io.sparkrcnn.model.eval.DetectionsFile;
import io.sparkrcnn.model.input.EvalBatches;
import io.sparkrcnn.model.input.ImagePreparer;
import io.sparkrcnn.model.input.KeepAspectRatioResizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.tensorflow.example.Example;

/** Runs a model over eval records and scores it with the VOC and COCO metrics under the reference's keys. */
public final class ModelEvaluation {
  private ModelEvaluation() {}

  /** What an evaluation found: the metrics, how many images were scored and how many records were unusable. */
  public record Result(Map<String, Double> metrics, int images, int skipped) {}

  /**
   * Evaluates on at most {@code maxExamples} records (0 = all).
   *
   * @throws IllegalArgumentException when a record is not a detection Example
   */
  public static Result evaluate(ComputationGraph graph, ModelSettings model, List<byte[]> records, int maxExamples,
      Map<Integer, String> classNames) {
    List<byte[]> used = maxExamples > 0 && records.size() > maxExamples ? records.subList(0, maxExamples) : records;
    List<GroundTruth> truth = new ArrayList<>();
    for (byte[] r : used) {
      try {
        truth.add(GroundTruth.of(Example.parseFrom(r)));
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        throw new IllegalArgumentException("an eval record is not a tf.train.Example: " + e.getMessage());
      }
    }
    Detector detector = new Detector(graph, model);
    ImagePreparer preparer = new ImagePreparer(new KeepAspectRatioResizer(model.minDimension(), model.maxDimension()));
    EvalBatches batches = new EvalBatches(used, preparer, 4, 1);
    List<DetectionsFile.ImageDetections> dets = new ArrayList<>();
    while (batches.hasNext()) {
      dets.addAll(detector.detect(batches.next()));
    }
    return new Result(DetectionMetrics.compute(truth, dets, classNames), dets.size(), batches.skipped());
  }
}
