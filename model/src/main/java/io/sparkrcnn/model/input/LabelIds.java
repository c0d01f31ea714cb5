package io.sparkrcnn.model.input;

import com.google.protobuf.InvalidProtocolBufferException;
import org.tensorflow.example.Example;
import org.tensorflow.example.Feature;

/** The class label ids a detection record holds ({@code image/object/class/label}), to check against num_classes. */
public final class LabelIds {
  private LabelIds() {}

  /** The largest label id of a serialised tf.train.Example; 0 when it has none or is not an Example. */
  public static long max(byte[] serializedExample) {
    Example example;
    try {
      example = Example.parseFrom(serializedExample);
    } catch (InvalidProtocolBufferException e) {
      return 0; // unusable: the training batches skip and count it
    }
    Feature labels = example.getFeatures().getFeatureMap().get("image/object/class/label");
    long max = 0;
    if (labels != null) {
      for (long id : labels.getInt64List().getValueList()) {
        max = Math.max(max, id);
      }
    }
    return max;
  }
}
