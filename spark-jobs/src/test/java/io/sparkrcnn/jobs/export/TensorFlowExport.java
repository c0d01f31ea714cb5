package io.sparkrcnn.jobs.export;

import io.sparkrcnn.model.detector.ImageDetections;
import io.sparkrcnn.model.input.RgbImage;
import io.sparkrcnn.model.testing.TensorFlowDetector;
import java.util.List;
import java.util.Map;
import org.tensorflow.Tensor;
import org.tensorflow.types.TUint8;

/** TensorFlow for Java's side of the export tests: an image as an image_tensor, the outputs as detections. */
final class TensorFlowExport {
  private TensorFlowExport() {}

  /** The uint8 {@code [1, H, W, 3]} tensor of an encoded image, decoded as our input pipeline decodes it. */
  static TUint8 imageTensor(byte[] encoded) throws Exception {
    return TensorFlowDetector.imageTensor(RgbImage.decode("image", encoded));
  }

  /** The detections of one image from the four output tensors by name. */
  static ImageDetections detections(String id, Map<String, Tensor> outputs) {
    return TensorFlowDetector.detections(List.of(id), outputs).get(0);
  }
}
