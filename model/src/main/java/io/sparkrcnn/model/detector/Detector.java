package io.sparkrcnn.model.detector;

import io.sparkrcnn.model.config.ModelSettings;
import io.sparkrcnn.model.input.DetectionBatch;
import io.sparkrcnn.model.input.ImageMetadata;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;

/** Runs a trained graph on prepared batches and post-processes its output into per-image detections. */
public final class Detector {
  private final ComputationGraph graph;
  private final ModelSettings model;
  private final PostProcessor post;

  public Detector(ComputationGraph graph, ModelSettings model) {
    this.graph = graph;
    this.model = model;
    this.post = new PostProcessor(model.numClasses(), model.postProcessing().scoreThreshold(),
        model.postProcessing().nmsIou(), model.postProcessing().maxDetectionsPerClass(),
        model.postProcessing().maxTotalDetections());
  }

  /** Detections of every image of a batch, boxes normalised to each original image, keyed by source id. */
  public List<ImageDetections> detect(DetectionBatch batch) {
    SecondStageOutput.Reader out = new SecondStageOutput(model.numClasses(), model.firstStage().maxProposals())
        .read(graph, graph.output(false, batch.data().getFeatures()));
    List<ImageDetections> result = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      ImageMetadata m = batch.images().get(i);
      PostProcessor.Detections d = post.process(out, i, m.resizedHeight(), m.resizedWidth());
      result.add(new ImageDetections(m.sourceId(), d.boxes(), d.scores(), d.classes()));
    }
    return result;
  }
}
