package io.sparkrcnn.model.export;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;

/**
 * TensorFlow ops written into a {@link GraphDefBuilder} under one name scope ({@code scope/name}), with the
 * attributes their op definitions require (defaults are left to TensorFlow's import). Constants made through
 * {@link #controlledBy} carry a control input, which places them in a loop's frame.
 */
final class TfNodes {
  static final DataType F32 = DataType.DT_FLOAT;
  static final DataType F64 = DataType.DT_DOUBLE;
  static final DataType I32 = DataType.DT_INT32;
  static final DataType BOOL = DataType.DT_BOOL;

  private final GraphDefBuilder g;
  private final String scope;
  private final List<String> control;

  TfNodes(GraphDefBuilder g, String scope) {
    this(g, scope, List.of());
  }

  private TfNodes(GraphDefBuilder g, String scope, List<String> control) {
    this.g = g;
    this.scope = scope;
    this.control = control;
  }

  GraphDefBuilder graph() {
    return g;
  }

  /** The same builder in scope {@code scope/sub}. */
  TfNodes scope(String sub) {
    return new TfNodes(g, name(sub), control);
  }

  /** The same scope, its constants reading {@code ^node}. */
  TfNodes controlledBy(String node) {
    return new TfNodes(g, scope, List.of("^" + node));
  }

  String name(String n) {
    return scope.isEmpty() ? n : scope + "/" + n;
  }

  String i32(String n, int... v) {
    return g.constant(name(n), Tensors.int32(new long[] {v.length}, v), control);
  }

  String i32Scalar(String n, int v) {
    return g.constant(name(n), Tensors.int32(new long[0], v), control);
  }

  String f32Scalar(String n, float v) {
    return g.constant(name(n), Tensors.float32(new long[0], v), control);
  }

  String f32(String n, float... v) {
    return g.constant(name(n), Tensors.float32(new long[] {v.length}, v), control);
  }

  String f64Scalar(String n, double v) {
    return g.constant(name(n), Tensors.float64(new long[0], v), control);
  }

  String f64(String n, double... v) {
    return g.constant(name(n), Tensors.float64(new long[] {v.length}, v), control);
  }

  String op(String op, String n, List<String> inputs, Map<String, AttrValue> attrs) {
    return g.node(op, name(n), inputs, attrs);
  }

  /** An op whose only attribute is {@code T}. */
  String t(String op, String n, DataType t, String... inputs) {
    return op(op, n, List.of(inputs), Map.of("T", Attrs.type(t)));
  }

  String cast(String n, String x, DataType from, DataType to) {
    return op("Cast", n, List.of(x), Map.of("SrcT", Attrs.type(from), "DstT", Attrs.type(to)));
  }

  String reshape(String n, String x, DataType t, int... shape) {
    return reshapeTo(n, x, t, i32(n + "/shape", shape));
  }

  String reshapeTo(String n, String x, DataType t, String shape) {
    return op("Reshape", n, List.of(x, shape), Map.of("T", Attrs.type(t), "Tshape", Attrs.type(I32)));
  }

  /** Element {@code index} of the first axis of {@code x}, that axis removed. */
  String element(String n, String x, DataType t, int index) {
    Map<String, AttrValue> attrs = new HashMap<>(Map.of("T", Attrs.type(t), "Index", Attrs.type(I32)));
    attrs.put("shrink_axis_mask", AttrValue.newBuilder().setI(1).build());
    return op("StridedSlice", n, List.of(x, i32(n + "/begin", index), i32(n + "/end", index + 1),
        i32(n + "/strides", 1)), attrs);
  }

  String concat(String n, DataType t, int axis, String... inputs) {
    List<String> in = new java.util.ArrayList<>(Arrays.asList(inputs));
    in.add(i32Scalar(n + "/axis", axis));
    return op("ConcatV2", n, in, Map.of("T", Attrs.type(t), "N", count(inputs.length), "Tidx", Attrs.type(I32)));
  }

  String pack(String n, DataType t, int axis, String... inputs) {
    return op("Pack", n, List.of(inputs), Map.of("T", Attrs.type(t), "N", count(inputs.length), "axis", count(axis)));
  }

  String gather(String n, String params, String indices, DataType t, int axis, int batchDims) {
    return op("GatherV2", n, List.of(params, indices, i32Scalar(n + "/axis", axis)), Map.of("Tparams", Attrs.type(t),
        "Tindices", Attrs.type(I32), "Taxis", Attrs.type(I32), "batch_dims", count(batchDims)));
  }

  String select(String n, String condition, String ifTrue, String ifFalse, DataType t) {
    return t("SelectV2", n, t, condition, ifTrue, ifFalse);
  }

  String transpose(String n, String x, DataType t, int... perm) {
    return op("Transpose", n, List.of(x, i32(n + "/perm", perm)), Map.of("T", Attrs.type(t),
        "Tperm", Attrs.type(I32)));
  }

  String expandDims(String n, String x, DataType t, int axis) {
    return op("ExpandDims", n, List.of(x, i32Scalar(n + "/axis", axis)), Map.of("T", Attrs.type(t),
        "Tdim", Attrs.type(I32)));
  }

  String range(String n, String start, String limit, String delta) {
    return op("Range", n, List.of(start, limit, delta), Map.of("Tidx", Attrs.type(I32)));
  }

  String matMul(String n, String a, String b) {
    return t("MatMul", n, F32, a, b);
  }

  String identity(String n, String x, DataType t) {
    return t("Identity", n, t, x);
  }

  static AttrValue count(long n) {
    return AttrValue.newBuilder().setI(n).build();
  }
}
