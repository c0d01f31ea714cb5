package io.sparkrcnn.io.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFOutOfRangeException;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.DecodeJpeg;
import org.tensorflow.op.io.ParseSingleExample;
import org.tensorflow.op.io.TfRecordReader;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * The independent reader of what we write: TensorFlow's own TFRecord reader,
 * {@code ParseSingleExample} (with the Object Detection API's keys) and {@code DecodeJpeg(channels=3)},
 * through TensorFlow for Java in graph mode. Any record TensorFlow cannot read fails here.
 */
public final class TensorFlowReader {
  private static final List<String> DENSE = List.of("image/height", "image/width", "image/filename",
      "image/source_id", "image/key/sha256", "image/encoded", "image/format");
  private static final List<String> SPARSE = List.of("image/object/bbox/xmin", "image/object/bbox/xmax",
      "image/object/bbox/ymin", "image/object/bbox/ymax", "image/object/class/text", "image/object/class/label",
      "image/object/difficult", "image/object/truncated", "image/object/view");

  /** How {@code image/object/mask} is expected: absent, PNG bytes per object, or floats. */
  public enum Masks { NONE, PNG, NUMERICAL }

  /** One record as TensorFlow parsed and decoded it. */
  public record Parsed(long height, long width, String filename, String sourceId, String sha256, byte[] encoded,
      String format, float[] xmin, float[] xmax, float[] ymin, float[] ymax, List<String> classText, long[] label,
      long[] difficult, long[] truncated, List<String> view, long[] decodedShape, List<long[]> maskShapes,
      float[] numericalMask) {}

  private TensorFlowReader() {}

  /** The raw records of a local, uncompressed TFRecord file as TensorFlow's reader op returns them. */
  public static List<byte[]> records(java.nio.file.Path file) {
    List<byte[]> out = new ArrayList<>();
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      var queue = tf.io.fifoQueue(List.of(TString.class));
      var enqueue = tf.io.queueEnqueue(queue, List.of(tf.constant(file.toString())));
      var close = tf.io.queueClose(queue);
      var reader = tf.io.tfRecordReader(TfRecordReader.compressionType(""));
      Operand<TString> serialized = tf.io.readerRead(reader, queue).value();
      s.runner().addTarget(enqueue).run();
      s.runner().addTarget(close).run();
      while (true) {
        try (Result r = s.runner().fetch(serialized).run()) {
          out.add(((TString) r.get(0)).asBytes().getObject());
        } catch (TFOutOfRangeException end) {
          return out;
        }
      }
    }
  }

  /** Reads every record of a local TFRecord file; {@code compression} is '' or 'GZIP'. */
  public static List<Parsed> read(java.nio.file.Path file, String compression, Masks masks) {
    List<String> sparseKeys = new ArrayList<>(SPARSE);
    List<Class<? extends TType>> sparseTypes = new ArrayList<>(List.of(TFloat32.class, TFloat32.class,
        TFloat32.class, TFloat32.class, TString.class, TInt64.class, TInt64.class, TInt64.class, TString.class));
    if (masks != Masks.NONE) {
      sparseKeys.add("image/object/mask");
      sparseTypes.add(masks == Masks.PNG ? TString.class : TFloat32.class);
    }
    List<Parsed> out = new ArrayList<>();
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      // The queue-based TFRecordReader: TFRecordDatasetV2 in this TensorFlow build cannot be
      // iterated from a graph (its AsGraphDef drops byte_offsets), the reader op reads the same format.
      var queue = tf.io.fifoQueue(List.of(TString.class));
      var enqueue = tf.io.queueEnqueue(queue, List.of(tf.constant(file.toString())));
      var close = tf.io.queueClose(queue);
      var reader = tf.io.tfRecordReader(TfRecordReader.compressionType(compression));
      Operand<TString> serialized = tf.io.readerRead(reader, queue).value();
      List<Operand<?>> defaults = List.of(tf.constant(new long[0]), tf.constant(new long[0]), emptyStrings(tf),
          emptyStrings(tf), emptyStrings(tf), emptyStrings(tf), emptyStrings(tf));
      ParseSingleExample p = tf.io.parseSingleExample(serialized, defaults, (long) sparseKeys.size(), sparseKeys,
          DENSE, sparseTypes, List.of(Shape.scalar(), Shape.scalar(), Shape.scalar(), Shape.scalar(),
              Shape.scalar(), Shape.scalar(), Shape.scalar()));
      @SuppressWarnings("unchecked")
      Operand<TString> encoded = (Operand<TString>) p.denseValues().get(5);
      DecodeJpeg jpeg = tf.image.decodeJpeg(encoded, DecodeJpeg.channels(3L));
      var decodedShape = tf.shape(jpeg, TInt64.class);

      s.runner().addTarget(enqueue).run();
      s.runner().addTarget(close).run();
      while (true) {
        List<Output<?>> fetches = new ArrayList<>(p.denseValues());
        fetches.addAll(p.sparseValues());
        fetches.add(decodedShape.asOutput());
        Session.Runner runner = s.runner();
        fetches.forEach(runner::fetch);
        try (Result r = runner.run()) {
          out.add(toParsed(r, masks, tf, s));
        } catch (TFOutOfRangeException end) {
          return out;
        }
      }
    }
  }

  private static Parsed toParsed(Result r, Masks masks, Ops tf, Session s) {
    int d = DENSE.size();
    List<long[]> maskShapes = new ArrayList<>();
    float[] numerical = null;
    if (masks == Masks.PNG) {
      TString pngs = (TString) r.get(d + SPARSE.size());
      for (int i = 0; i < pngs.size(); i++) {
        maskShapes.add(decodePngShape(pngs.asBytes().getObject(i)));
      }
    } else if (masks == Masks.NUMERICAL) {
      numerical = floats(r, d + SPARSE.size());
    }
    TInt64 shape = (TInt64) r.get(r.size() - 1);
    return new Parsed(((TInt64) r.get(0)).getObject(), ((TInt64) r.get(1)).getObject(), string(r, 2), string(r, 3),
        string(r, 4), ((TString) r.get(5)).asBytes().getObject(), string(r, 6), floats(r, d), floats(r, d + 1),
        floats(r, d + 2), floats(r, d + 3), strings(r, d + 4), longs(r, d + 5), longs(r, d + 6), longs(r, d + 7),
        strings(r, d + 8), new long[] {shape.getLong(0), shape.getLong(1), shape.getLong(2)}, maskShapes,
        numerical);
  }

  /** The [height, width, channels] TensorFlow's DecodePng gives for a mask PNG. */
  private static long[] decodePngShape(byte[] png) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      var img = tf.image.decodePng(tf.constant(TString.tensorOfBytes(NdArrays.scalarOfObject(png))), TUint8.class);
      try (Result r = s.runner().fetch(tf.shape(img, TInt64.class)).run()) {
        TInt64 shape = (TInt64) r.get(0);
        return new long[] {shape.getLong(0), shape.getLong(1), shape.getLong(2)};
      }
    }
  }

  private static Operand<TString> emptyStrings(Ops tf) {
    return tf.constant(Shape.of(0), DataBuffers.ofObjects(String.class, 0));
  }

  private static String string(Result r, int i) {
    return new String(((TString) r.get(i)).asBytes().getObject(), StandardCharsets.UTF_8);
  }

  private static float[] floats(Result r, int i) {
    TFloat32 t = (TFloat32) r.get(i);
    float[] v = new float[(int) t.size()];
    for (int k = 0; k < v.length; k++) {
      v[k] = t.getFloat(k);
    }
    return v;
  }

  private static long[] longs(Result r, int i) {
    TInt64 t = (TInt64) r.get(i);
    long[] v = new long[(int) t.size()];
    for (int k = 0; k < v.length; k++) {
      v[k] = t.getLong(k);
    }
    return v;
  }

  private static List<String> strings(Result r, int i) {
    TString t = (TString) r.get(i);
    List<String> v = new ArrayList<>();
    for (int k = 0; k < t.size(); k++) {
      v.add(new String(t.asBytes().getObject(k), StandardCharsets.UTF_8));
    }
    return v;
  }
}
