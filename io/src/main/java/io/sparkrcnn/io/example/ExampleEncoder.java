package io.sparkrcnn.io.example;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.tensorflow.example.BytesList;
import org.tensorflow.example.Example;
import org.tensorflow.example.Feature;
import org.tensorflow.example.Features;
import org.tensorflow.example.FloatList;
import org.tensorflow.example.Int64List;

/** Builds the Object Detection API's tf.train.Example (the keys {@code create_pet_tf_record.py} writes). */
public final class ExampleEncoder {
  private ExampleEncoder() {}

  public static Example encode(DetectionExample ex) {
    FloatList.Builder xmin = FloatList.newBuilder();
    FloatList.Builder xmax = FloatList.newBuilder();
    FloatList.Builder ymin = FloatList.newBuilder();
    FloatList.Builder ymax = FloatList.newBuilder();
    BytesList.Builder text = BytesList.newBuilder();
    Int64List.Builder label = Int64List.newBuilder();
    Int64List.Builder difficult = Int64List.newBuilder();
    Int64List.Builder truncated = Int64List.newBuilder();
    BytesList.Builder view = BytesList.newBuilder();
    for (DetectionObject o : ex.objects()) {
      xmin.addValue(o.box().xmin());
      xmax.addValue(o.box().xmax());
      ymin.addValue(o.box().ymin());
      ymax.addValue(o.box().ymax());
      text.addValue(utf8(o.classText()));
      label.addValue(o.label());
      difficult.addValue(o.difficult() ? 1 : 0);
      truncated.addValue(o.truncated() ? 1 : 0);
      view.addValue(utf8(o.view()));
    }
    Features.Builder f = Features.newBuilder()
        .putFeature("image/height", int64(ex.height()))
        .putFeature("image/width", int64(ex.width()))
        .putFeature("image/filename", bytes(utf8(ex.filename())))
        .putFeature("image/source_id", bytes(utf8(ex.sourceId())))
        .putFeature("image/key/sha256", bytes(utf8(sha256Hex(ex.encodedJpeg()))))
        .putFeature("image/encoded", bytes(UnsafeByteOperations.unsafeWrap(ex.encodedJpeg())))
        .putFeature("image/format", bytes(utf8("jpeg")))
        .putFeature("image/object/bbox/xmin", Feature.newBuilder().setFloatList(xmin).build())
        .putFeature("image/object/bbox/xmax", Feature.newBuilder().setFloatList(xmax).build())
        .putFeature("image/object/bbox/ymin", Feature.newBuilder().setFloatList(ymin).build())
        .putFeature("image/object/bbox/ymax", Feature.newBuilder().setFloatList(ymax).build())
        .putFeature("image/object/class/text", Feature.newBuilder().setBytesList(text).build())
        .putFeature("image/object/class/label", Feature.newBuilder().setInt64List(label).build())
        .putFeature("image/object/difficult", Feature.newBuilder().setInt64List(difficult).build())
        .putFeature("image/object/truncated", Feature.newBuilder().setInt64List(truncated).build())
        .putFeature("image/object/view", Feature.newBuilder().setBytesList(view).build());
    if (ex.masks() instanceof InstanceMasks.Png png) {
      BytesList.Builder list = BytesList.newBuilder();
      png.pngs().forEach(p -> list.addValue(ByteString.copyFrom(p)));
      f.putFeature("image/object/mask", Feature.newBuilder().setBytesList(list).build());
    } else if (ex.masks() instanceof InstanceMasks.Numerical num) {
      FloatList.Builder list = FloatList.newBuilder();
      for (float v : num.values()) {
        list.addValue(v);
      }
      f.putFeature("image/object/mask", Feature.newBuilder().setFloatList(list).build());
    }
    return Example.newBuilder().setFeatures(f).build();
  }

  // getInstance per image showed up in profiles (provider lookup); digests are not thread-safe.
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  });

  /** Lower-case hex SHA-256, as {@code hashlib.sha256(...).hexdigest()}. */
  public static String sha256Hex(byte[] data) {
    return HexFormat.of().formatHex(SHA256.get().digest(data));
  }

  private static ByteString utf8(String s) {
    return ByteString.copyFrom(s, StandardCharsets.UTF_8);
  }

  private static Feature bytes(ByteString b) {
    return Feature.newBuilder().setBytesList(BytesList.newBuilder().addValue(b)).build();
  }

  private static Feature int64(long v) {
    return Feature.newBuilder().setInt64List(Int64List.newBuilder().addValue(v)).build();
  }
}
