package io.sparkrcnn.model.export;

import com.google.protobuf.ByteString;
import java.util.Arrays;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;

/** {@code AttrValue}s of the kinds TensorFlow's op definitions name: type, int list, string, bool, float. */
public final class Attrs {
  private Attrs() {}

  public static AttrValue type(DataType t) {
    return AttrValue.newBuilder().setType(t).build();
  }

  public static AttrValue ints(long... values) {
    AttrValue.ListValue.Builder list = AttrValue.ListValue.newBuilder();
    Arrays.stream(values).forEach(list::addI);
    return AttrValue.newBuilder().setList(list).build();
  }

  public static AttrValue string(String s) {
    return AttrValue.newBuilder().setS(ByteString.copyFromUtf8(s)).build();
  }

  public static AttrValue bool(boolean b) {
    return AttrValue.newBuilder().setB(b).build();
  }

  public static AttrValue real(float f) {
    return AttrValue.newBuilder().setF(f).build();
  }
}
