package io.sparkrcnn.jobs.eval;

import io.sparkrcnn.model.detector.ImageDetections;
import io.sparkrcnn.io.example.GroundTruth;
import io.sparkrcnn.io.fs.FileSystems;
import io.sparkrcnn.io.labelmap.LabelMap;
import io.sparkrcnn.jobs.UserError;
import io.sparkrcnn.jobs.infer.BroadcastDetector;
import io.sparkrcnn.jobs.spark.SparkContextFactory;
import io.sparkrcnn.jobs.train.PipelineFiles;
import io.sparkrcnn.model.checkpoint.Checkpoints;
import io.sparkrcnn.model.checkpoint.UnusableCheckpointException;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.config.proto.TrainEvalPipelineConfig;
import io.sparkrcnn.model.detector.FasterRcnnGraph;
import io.sparkrcnn.model.eval.DetectionMetrics;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Scores a train_dir's latest checkpoint: the driver loads and checks it, the executors run it over the first
 * eval_config.num_examples eval records (all when 0) in input order, and the driver computes the metrics from the
 * detections and ground truth they send back. Unusable records are skipped and counted; their ground truth
 * still counts (as objects missed).
 */
final class CheckpointScoring {
  private final Configuration conf;
  private final SparkContextFactory contexts;
  private final PrintWriter out;

  CheckpointScoring(Configuration conf, SparkContextFactory contexts, PrintWriter out) {
    this.conf = conf;
    this.contexts = contexts;
    this.out = out;
  }

  EvalResult score(EvalOptions o, TrainEvalPipelineConfig config, String configText, List<String> inputs,
      LabelMap labels, String labelMapPath) throws IOException {
    PipelineSettings settings = PipelineSettings.of(config, o.pipelineConfigPath());
    int numClasses = settings.model().numClasses();
    Checkpoints.Loaded loaded = latest(o.checkpointDir());
    Path latest = loaded.checkpoint();
    try (JavaSparkContext sc = contexts.create("sparkrcnn-eval", 0)) {
      EvalRecords records = EvalRecords.of(sc, conf, inputs);
      if (records.isEmpty()) {
        throw new UserError(EvalJob.READER + ": input_path " + inputs + " matches only directories");
      }
      EvalRecords.Counts counts = records.count();
      if (counts.total() == 0) {
        throw new UserError(EvalJob.READER + ": " + inputs + " hold no records; run convert first");
      }
      PipelineFiles.checkRecordLabels(counts.maxLabel(), String.join(",", inputs), numClasses, EvalJob.READER);
      PipelineFiles.checkLabelMap(labels, labelMapPath, numClasses, EvalJob.READER);
      String mismatch = FasterRcnnGraph.mismatch(loaded.graph(), settings.model());
      if (mismatch != null) {
        throw new UserError(latest + " does not fit " + o.pipelineConfigPath() + ": " + mismatch);
      }
      BroadcastDetector detector = BroadcastDetector.of(sc, loaded.graph(), configText, o.pipelineConfigPath());
      List<ScoredRecord> scored = records.score(take(counts.perFile(), settings.numEvalExamples()), detector);
      detector.release();
      return result(scored, labels.namesById(), latest);
    }
  }

  private Checkpoints.Loaded latest(String checkpointDir) throws IOException {
    Path dir = new Path(checkpointDir);
    Checkpoints checkpoints = new Checkpoints(FileSystems.of(dir, conf), dir, Integer.MAX_VALUE);
    Checkpoints.Loaded loaded;
    try {
      loaded = checkpoints.loadLatest();
    } catch (UnusableCheckpointException e) {
      throw new UserError("--checkpoint_dir: " + e.getMessage());
    }
    if (loaded == null) {
      throw new UserError("--checkpoint_dir " + checkpointDir + " has no checkpoint (no model.ckpt-N, no"
          + " 'checkpoint' index); train into it first");
    }
    if (loaded.note() != null) {
      out.println("warning: " + loaded.note());
    }
    return loaded;
  }

  /** How many records of each file the first {@code max} in input order take; null (all) when max is 0. */
  static long[] take(long[] perFile, long max) {
    if (max <= 0) {
      return null;
    }
    long[] take = new long[perFile.length];
    long before = 0;
    for (int f = 0; f < perFile.length; f++) {
      take[f] = Math.max(0, Math.min(perFile[f], max - before));
      before += perFile[f];
    }
    return take;
  }

  private static EvalResult result(List<ScoredRecord> scored, Map<Integer, String> names, Path latest) {
    List<GroundTruth> truth = new ArrayList<>();
    List<ImageDetections> dets = new ArrayList<>();
    int skipped = 0;
    for (ScoredRecord r : scored) {
      if (r.problem() != null) {
        throw new UserError(r.problem());
      }
      truth.add(r.truth().value());
      if (r.found() == null) {
        skipped++;
      } else {
        dets.add(r.found().value());
      }
    }
    Map<String, Double> metrics;
    try {
      metrics = DetectionMetrics.compute(truth, dets, names);
    } catch (IllegalArgumentException e) {
      throw new UserError(EvalJob.READER + ": " + e.getMessage());
    }
    String what = latest + " (step " + Checkpoints.stepOf(latest) + ")" + (skipped > 0
        ? ", " + skipped + " unusable records skipped" : "");
    return new EvalResult(metrics, dets.size(), skipped, what, null);
  }
}
