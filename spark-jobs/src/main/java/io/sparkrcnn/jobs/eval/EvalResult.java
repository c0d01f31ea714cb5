package io.sparkrcnn.jobs.eval;

import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * What an evaluation found: the metrics under the Object Detection API's keys, the images scored, the unusable
 * records skipped, what was scored (checkpoint and step, or detections file) and where metrics.json went.
 */
public record EvalResult(Map<String, Double> metrics, int images, int skipped, String scored, Path metricsFile) {
  EvalResult writtenTo(Path file) {
    return new EvalResult(metrics, images, skipped, scored, file);
  }
}
