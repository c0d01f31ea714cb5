package io.sparkrcnn.model.export;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tensorflow.proto.TensorProto;

/** {@code TensorProto}s from ND4J arrays: the values row-major in {@code tensor_content}, little-endian. */
public final class Tensors {
  private Tensors() {}

  /** A float32 tensor of {@code shape} holding {@code values} row-major. */
  public static TensorProto float32(long[] shape, float... values) {
    ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    return tensor(org.tensorflow.proto.DataType.DT_FLOAT, shape, bytes);
  }

  /** A float64 tensor of {@code shape} holding {@code values} row-major. */
  public static TensorProto float64(long[] shape, double... values) {
    ByteBuffer bytes = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asDoubleBuffer().put(values);
    return tensor(org.tensorflow.proto.DataType.DT_DOUBLE, shape, bytes);
  }

  /** An int32 tensor of {@code shape} holding {@code values} row-major. */
  public static TensorProto int32(long[] shape, int... values) {
    ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asIntBuffer().put(values);
    return tensor(org.tensorflow.proto.DataType.DT_INT32, shape, bytes);
  }

  private static TensorProto tensor(org.tensorflow.proto.DataType type, long[] shape, ByteBuffer bytes) {
    return TensorProto.newBuilder().setDtype(type).setTensorShape(GraphDefBuilder.shape(shape))
        .setTensorContent(ByteString.copyFrom(bytes.array())).build();
  }

  /** {@code value} (any data type, any ordering or view) as a float32 tensor of the same shape. */
  public static TensorProto float32(INDArray value) {
    float[] flat = value.castTo(DataType.FLOAT).dup('c').reshape(new long[] {value.length()}).toFloatVector();
    ByteBuffer bytes = ByteBuffer.allocate(4 * flat.length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(flat);
    return TensorProto.newBuilder().setDtype(org.tensorflow.proto.DataType.DT_FLOAT)
        .setTensorShape(GraphDefBuilder.shape(value.shape())).setTensorContent(ByteString.copyFrom(bytes.array()))
        .build();
  }
}
