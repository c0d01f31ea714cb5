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
