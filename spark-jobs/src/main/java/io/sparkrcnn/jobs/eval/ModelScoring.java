package io.sparkrcnn.jobs.eval;

import io.sparkrcnn.io.example.GroundTruth;
import io.sparkrcnn.jobs.UserError;
import io.sparkrcnn.jobs.infer.BroadcastDetector;
import io.sparkrcnn.jobs.spark.SparkContextFactory;
import io.sparkrcnn.jobs.train.PipelineFiles;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.detector.FasterRcnnGraph;
import io.sparkrcnn.model.detector.ImageDetections;
import io.sparkrcnn.model.eval.DetectionMetrics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The one home of scoring models on the eval input: the executors run each given graph over the first
 * eval_config.num_examples eval records (all when 0) in input order, and the driver computes the metrics.json
 * metrics from the detections and ground truth they send back. Eval scores a checkpoint with it, export the
 * checkpoint and its artefacts' weights, one Spark application for all of them. Unusable records are skipped and
 * counted; their ground truth still counts (as objects missed).
 */
public final class ModelScoring {
  /**
   * One graph's metrics (the Object Detection API's keys), its detections of each scored record in input order
   * (null for an unusable record), and how many records were unusable.
   */
  public record Scored(Map<String, Double> metrics, List<ImageDetections> detections, int skipped) {
    /** The records scored, usable or not. */
    public int images() {
      return detections.size();
    }
  }

  private final Configuration conf;
  private final SparkContextFactory contexts;

  public ModelScoring(Configuration conf, SparkContextFactory contexts) {
    this.conf = conf;
    this.contexts = contexts;
  }

  /**
   * Scores each of {@code graphs}, which run under the pipeline config {@code configText} ({@code settings}, read
   * from {@code configPath}), on {@code input}, in a Spark application called {@code appName}. Bad records or label
   * maps, then a graph that does not fit the config ({@code modelName} names it), are {@link UserError}s, in that
   * order: the config's mistakes first.
   */
  public List<Scored> score(String appName, PipelineSettings settings, String configText, String configPath,
      EvalInput input, List<ComputationGraph> graphs, String modelName) throws IOException {
    int numClasses = settings.model().numClasses();
    try (JavaSparkContext sc = contexts.create(appName, 0)) {
      EvalRecords records = EvalRecords.of(sc, conf, input.inputs());
      if (records.isEmpty()) {
        throw new UserError(EvalJob.READER + ": input_path " + input.inputs() + " matches only directories");
      }
      EvalRecords.Counts counts = records.count();
      if (counts.total() == 0) {
        throw new UserError(EvalJob.READER + ": " + input.inputs() + " hold no records; run convert first");
      }
      PipelineFiles.checkRecordLabels(counts.maxLabel(), String.join(",", input.inputs()), numClasses,
          EvalJob.READER);
      PipelineFiles.checkLabelMap(input.labels(), input.labelMapPath(), numClasses, EvalJob.READER);
      for (ComputationGraph graph : graphs) {
        String mismatch = FasterRcnnGraph.mismatch(graph, settings.model());
        if (mismatch != null) {
          throw new UserError(modelName + " does not fit " + configPath + ": " + mismatch);
        }
      }
      long[] take = CheckpointScoring.take(counts.perFile(), settings.numEvalExamples());
      List<Scored> out = new ArrayList<>();
      for (ComputationGraph graph : graphs) {
        BroadcastDetector detector = BroadcastDetector.of(sc, graph, configText, configPath);
        List<ScoredRecord> scored = records.score(take, detector);
        detector.release();
        out.add(result(scored, input.labels().namesById()));
      }
      return out;
    }
  }

  private static Scored result(List<ScoredRecord> scored, Map<Integer, String> names) {
    List<GroundTruth> truth = new ArrayList<>();
    List<ImageDetections> dets = new ArrayList<>();
    List<ImageDetections> each = new ArrayList<>();
    int skipped = 0;
    for (ScoredRecord r : scored) {
      if (r.problem() != null) {
        throw new UserError(r.problem());
      }
      truth.add(r.truth().value());
      if (r.found() == null) {
        skipped++;
        each.add(null);
      } else {
        dets.add(r.found().value());
        each.add(dets.get(dets.size() - 1));
      }
    }
    try {
      return new Scored(DetectionMetrics.compute(truth, dets, names), each, skipped);
    } catch (IllegalArgumentException e) {
      throw new UserError(EvalJob.READER + ": " + e.getMessage());
    }
  }
}
