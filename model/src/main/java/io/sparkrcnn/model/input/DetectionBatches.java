package io.sparkrcnn.model.input;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Stacks prepared images into the detection graph's input: one float32 feature array
 * {@code [N, 3, S, S]} and the ground truth {@code [N, maxBoxes × 5]} twice (the graph has two loss
 * layers, RPN and box classifier), each image's rows {@code (ymin, xmin, ymax, xmax, classId)} in canvas
 * pixels, then rows of zeros (class 0 is padding).
 */
public final class DetectionBatches {
  private DetectionBatches() {}

  /** The batch of {@code images}; an image with more than {@code maxBoxes} boxes keeps its first ones. */
  public static DetectionBatch assemble(List<PreparedImage> images, int maxBoxes) {
    if (images.isEmpty()) {
      throw new IllegalArgumentException("a batch needs at least one image");
    }
    if (maxBoxes < 1) {
      throw new IllegalArgumentException("maxBoxes must be at least 1, got " + maxBoxes);
    }
    int n = images.size();
    int s = images.get(0).canvasSize();
    int perImage = 3 * s * s;
    float[] features = new float[n * perImage];
    float[] truth = new float[n * maxBoxes * 5];
    List<ImageMetadata> metadata = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      PreparedImage img = images.get(i);
      if (img.canvasSize() != s || img.pixels().length != perImage) {
        throw new IllegalArgumentException("image '" + img.sourceId() + "' has canvas " + img.canvasSize()
            + ", the batch " + s);
      }
      System.arraycopy(img.pixels(), 0, features, i * perImage, perImage);
      int boxes = Math.min(maxBoxes, img.boxes().length);
      for (int b = 0; b < boxes; b++) {
        int at = (i * maxBoxes + b) * 5;
        System.arraycopy(img.boxes()[b], 0, truth, at, 4);
        truth[at + 4] = img.classes()[b];
      }
      metadata.add(img.metadata());
    }
    INDArray featureArray = Nd4j.create(features, new long[] {n, 3, s, s}, 'c');
    INDArray labels = Nd4j.create(truth, new long[] {n, maxBoxes * 5}, 'c');
    MultiDataSet data = new MultiDataSet(new INDArray[] {featureArray}, new INDArray[] {labels, labels.dup()});
    return new DetectionBatch(data, metadata);
  }
}
