package io.sparkrcnn.conversion.testing;

import java.util.Optional;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.DecodeJpeg;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/** TensorFlow's own {@code decode_jpeg(channels=3)} on raw bytes: the verdict our checks must agree with. */
public final class TensorFlowDecoder {
  private TensorFlowDecoder() {}

  /** The decoded {@code [height, width]}, or empty when TensorFlow refuses the bytes. */
  public static Optional<long[]> decodedSize(byte[] jpeg) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      var img = tf.image.decodeJpeg(tf.constant(TString.tensorOfBytes(NdArrays.scalarOfObject(jpeg))),
          DecodeJpeg.channels(3L));
      try (Result r = s.runner().fetch(tf.shape(img, TInt64.class)).run()) {
        TInt64 shape = (TInt64) r.get(0);
        return Optional.of(new long[] {shape.getLong(0), shape.getLong(1)});
      }
    } catch (RuntimeException e) { // TensorFlow's TFInvalidArgumentException and friends
      return Optional.empty();
    }
  }
}
