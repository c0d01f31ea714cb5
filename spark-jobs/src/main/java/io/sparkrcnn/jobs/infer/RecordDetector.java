package io.sparkrcnn.jobs.infer;

import io.sparkrcnn.model.detector.ImageDetections;
import io.sparkrcnn.model.config.ModelSettings;
import io.sparkrcnn.model.detector.Detector;
import io.sparkrcnn.model.input.DetectionBatches;
import io.sparkrcnn.model.input.ImagePreparer;
import io.sparkrcnn.model.input.KeepAspectRatioResizer;
import io.sparkrcnn.model.input.PreparedImage;
import io.sparkrcnn.model.input.UnusableRecordException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The inference path from records to detections, as eval runs it on the executors (and predict will): record
 * bytes → prepared image (keep-aspect resize, unflipped) → {@link Detector} → boxes normalised to each original
 * image. Records are run {@value #BATCH} at a time; one instance is shared by the tasks of an executor JVM, so
 * the graph runs one batch at a time while the tasks decode and resize in parallel.
 */
public final class RecordDetector {
  /** Images per forward pass. */
  public static final int BATCH = 4;

  private final Detector detector;
  private final ImagePreparer preparer;

  public RecordDetector(ComputationGraph graph, ModelSettings model) {
    this.detector = new Detector(graph, model);
    this.preparer = new ImagePreparer(new KeepAspectRatioResizer(model.minDimension(), model.maxDimension()));
  }

  /** The detections of each record in their order; null for a record that is unusable (undecodable, broken). */
  public List<ImageDetections> detect(List<byte[]> records) {
    ImageDetections[] found = new ImageDetections[records.size()];
    List<PreparedImage> batch = new ArrayList<>(BATCH);
    List<Integer> positions = new ArrayList<>(BATCH);
    for (int i = 0; i < records.size(); i++) {
      try {
        batch.add(preparer.prepare(records.get(i), false));
        positions.add(i);
      } catch (UnusableRecordException e) {
        continue;
      }
      if (batch.size() == BATCH || i == records.size() - 1) {
        run(batch, positions, found);
      }
    }
    run(batch, positions, found);
    return Arrays.asList(found);
  }

  private void run(List<PreparedImage> batch, List<Integer> positions, ImageDetections[] found) {
    if (batch.isEmpty()) {
      return;
    }
    List<ImageDetections> dets;
    synchronized (detector) {
      dets = detector.detect(DetectionBatches.assemble(batch, 1));
    }
    for (int j = 0; j < dets.size(); j++) {
      found[positions.get(j)] = dets.get(j);
    }
    batch.clear();
    positions.clear();
  }
}
