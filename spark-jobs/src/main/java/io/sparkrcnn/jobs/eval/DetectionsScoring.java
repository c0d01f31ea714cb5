package io.sparkrcnn.jobs.eval;

import io.sparkrcnn.model.detector.ImageDetections;
import io.sparkrcnn.io.example.GroundTruth;
import io.sparkrcnn.io.fs.FileSystems;
import io.sparkrcnn.io.fs.UserText;
import io.sparkrcnn.io.labelmap.LabelMap;
import io.sparkrcnn.jobs.UserError;
import io.sparkrcnn.jobs.spark.SparkContextFactory;
import io.sparkrcnn.model.eval.DetectionMetrics;
import io.sparkrcnn.model.eval.DetectionsCoverage;
import io.sparkrcnn.model.eval.DetectionsFile;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;

/** Scores someone else's detections (a JSON-lines file) against the ground truth of every eval record. */
final class DetectionsScoring {
  private final Configuration conf;
  private final SparkContextFactory contexts;
  private final PrintWriter err;

  DetectionsScoring(Configuration conf, SparkContextFactory contexts, PrintWriter err) {
    this.conf = conf;
    this.contexts = contexts;
    this.err = err;
  }

  EvalResult score(String detectionsFile, List<String> inputs, LabelMap labels) throws IOException {
    List<GroundTruth> truth = groundTruth(inputs);
    List<ImageDetections> dets;
    Path detPath = new Path(detectionsFile);
    FileSystem detFs = FileSystems.of(detPath, conf);
    if (detFs.exists(detPath) && detFs.getFileStatus(detPath).isDirectory()) {
      throw new UserError("--detections_file " + detectionsFile + " is a directory; give the JSON-lines file in it");
    }
    try (BufferedReader in = UserText.reader(detFs.open(detPath))) {
      dets = DetectionsFile.read(in, detectionsFile);
    } catch (FileNotFoundException e) {
      throw new UserError("--detections_file " + detectionsFile + " does not exist");
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    DetectionsCoverage coverage = DetectionsCoverage.of(truth, dets);
    if (coverage.nothingCanMatch()) {
      throw new UserError("--detections_file " + detectionsFile + " " + coverage.refusal());
    }
    if (!coverage.problems().isEmpty()) {
      err.println("warning: " + detectionsFile + ": " + coverage.summary() + "; these count as false positives");
    }
    Map<String, Double> metrics;
    try {
      metrics = DetectionMetrics.compute(truth, dets, labels.namesById());
    } catch (IllegalArgumentException e) {
      throw new UserError(detectionsFile + ": " + e.getMessage());
    }
    return new EvalResult(metrics, truth.size(), 0, detectionsFile + " (" + dets.size() + " images with detections, "
        + coverage.knownImages() + " of them in the eval records)", null);
  }

  /** The ground truth of every eval record, read on the executors. */
  private List<GroundTruth> groundTruth(List<String> inputs) throws IOException {
    List<ScoredRecord> scored;
    try (JavaSparkContext sc = contexts.create("sparkrcnn-eval", 0)) {
      scored = EvalRecords.of(sc, conf, inputs).score(null, null);
    }
    List<GroundTruth> truth = new ArrayList<>(scored.size());
    for (ScoredRecord r : scored) {
      if (r.problem() != null) {
        throw new UserError(r.problem());
      }
      truth.add(r.truth().value());
    }
    return truth;
  }
}
