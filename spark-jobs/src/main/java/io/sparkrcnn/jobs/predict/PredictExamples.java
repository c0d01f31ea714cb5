package io.sparkrcnn.jobs.predict;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import org.tensorflow.example.BytesList;
import org.tensorflow.example.Example;
import org.tensorflow.example.Feature;
import org.tensorflow.example.Features;
import org.tensorflow.example.Int64List;

/**
 * The one input form predict runs: a tf.train.Example holding only the image ({@code image/encoded},
 * {@code image/format}, {@code image/source_id}, {@code image/height}, {@code image/width}), what
 * {@code ImagePreparer.prepare} reads. Image files are wrapped into one; a record's image features are copied
 * into one, so labels it may carry (even broken ones) play no part.
 */
final class PredictExamples {
  /** A record's image: its source id (may be empty) and encoded bytes. */
  record Image(String sourceId, byte[] encoded, String format) {}

  /** A record that is not a tf.train.Example with an image. */
  static final class NotAnImageRecord extends Exception {
    NotAnImageRecord(String message) {
      super(message);
    }
  }

  private PredictExamples() {}

  /** The image of a serialised tf.train.Example. */
  static Image imageOf(byte[] record) throws NotAnImageRecord {
    Example example;
    try {
      example = Example.parseFrom(record);
    } catch (InvalidProtocolBufferException e) {
      throw new NotAnImageRecord("not a tf.train.Example (" + e.getMessage() + ")");
    }
    var f = example.getFeatures().getFeatureMap();
    Feature encoded = f.get("image/encoded");
    if (encoded == null || encoded.getBytesList().getValueCount() == 0) {
      throw new NotAnImageRecord("the tf.train.Example has no image/encoded");
    }
    return new Image(bytes(f.get("image/source_id")), encoded.getBytesList().getValue(0).toByteArray(),
        bytes(f.get("image/format")));
  }

  /** The serialised Example of an image of {@code width × height} pixels. */
  static byte[] of(String sourceId, byte[] encoded, String format, int width, int height) {
    Features features = Features.newBuilder()
        .putFeature("image/encoded", bytes(ByteString.copyFrom(encoded)))
        .putFeature("image/format", bytes(ByteString.copyFromUtf8(format)))
        .putFeature("image/source_id", bytes(ByteString.copyFromUtf8(sourceId)))
        .putFeature("image/height", int64(height))
        .putFeature("image/width", int64(width))
        .build();
    return Example.newBuilder().setFeatures(features).build().toByteArray();
  }

  /** The {@code image/format} of an image file: its extension, lower case ({@code jpeg} for .jpg, as convert). */
  static String formatOf(String fileName) {
    int dot = fileName.lastIndexOf('.');
    String ext = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
    return ext.equals("jpg") ? "jpeg" : ext;
  }

  private static Feature bytes(ByteString b) {
    return Feature.newBuilder().setBytesList(BytesList.newBuilder().addValue(b)).build();
  }

  private static Feature int64(long v) {
    return Feature.newBuilder().setInt64List(Int64List.newBuilder().addValue(v)).build();
  }

  private static String bytes(Feature f) {
    return f == null || f.getBytesList().getValueCount() == 0 ? "" : f.getBytesList().getValue(0).toStringUtf8();
  }
}
