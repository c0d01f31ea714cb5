package io.sparkrcnn.model.export;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorShapeProto;

/**
 * {@code tf.map_fn} as a GraphDef writes it: a loop over {@code i} in {@code [0, count)} in TensorFlow's graph control
 * flow ({@code Enter}, {@code Merge}, {@code LoopCond}, {@code Switch}, {@code NextIteration}, {@code Exit}), each
 * iteration writing its results into {@code TensorArrayV3}s that are gathered into {@code [count, …]} tensors
 * afterwards. The body reads tensors from outside the loop only through {@link Frame#outer}; its constants are made
 * through the {@link TfNodes} it is given, which places them in the loop's frame.
 */
final class MapLoop {
  private MapLoop() {}

  /** What the body builds with: its nodes (scope {@code name/body}) and the loop's frame. */
  interface Body {
    /** The results of iteration {@code index} (an int32 scalar), one per {@link Result} of the loop, in order. */
    List<String> apply(TfNodes nodes, String index, Frame frame);
  }

  /** The type of one of the loop's stacked results. */
  record Result(DataType dtype) {}

  /** The loop's frame: outer tensors enter it once each. */
  static final class Frame {
    private final TfNodes nodes;
    private final String frameName;
    private final Map<String, String> entered = new HashMap<>();

    private Frame(TfNodes nodes, String frameName) {
      this.nodes = nodes;
      this.frameName = frameName;
    }

    /** Outer tensor {@code tensor} of type {@code dtype} as the loop body reads it (an {@code Enter}, constant). */
    String outer(String tensor, DataType dtype) {
      return entered.computeIfAbsent(tensor, t -> enter("enter_" + entered.size(), t, dtype, true));
    }

    private String enter(String n, String tensor, DataType dtype, boolean constant) {
      return nodes.op("Enter", n, List.of(tensor), Map.of("T", Attrs.type(dtype), "frame_name",
          Attrs.string(frameName), "is_constant", Attrs.bool(constant), "parallel_iterations", TfNodes.count(1)));
    }
  }

  /** Runs {@code body} for every {@code i < count} (an int32 scalar); returns each result stacked, in order. */
  static List<String> map(TfNodes outer, String name, String count, List<Result> results, Body body) {
    TfNodes s = outer.scope(name);
    Frame frame = new Frame(s, s.name("while"));
    List<String> arrays = new ArrayList<>();
    List<String> flows = new ArrayList<>();
    for (int k = 0; k < results.size(); k++) {
      String array = s.op("TensorArrayV3", "array_" + k, List.of(count), Map.of("dtype",
          Attrs.type(results.get(k).dtype()), "element_shape", AttrValue.newBuilder()
              .setShape(TensorShapeProto.newBuilder().setUnknownRank(true)).build(),
          "identical_element_shapes", Attrs.bool(true)));
      arrays.add(array);
      flows.add(array + ":1");
    }
    String i0 = frame.enter("index_enter", s.i32Scalar("zero", 0), TfNodes.I32, false);
    List<String> flowEnters = new ArrayList<>();
    for (int k = 0; k < flows.size(); k++) {
      flowEnters.add(frame.enter("flow_enter_" + k, flows.get(k), TfNodes.F32, false));
    }
    String limit = frame.outer(count, TfNodes.I32);
    String iMerge = merge(s, "index_merge", i0, TfNodes.I32);
    List<String> flowMerges = new ArrayList<>();
    for (int k = 0; k < flowEnters.size(); k++) {
      flowMerges.add(merge(s, "flow_merge_" + k, flowEnters.get(k), TfNodes.F32));
    }
    String cond = s.op("LoopCond", "loop_cond", List.of(s.t("Less", "less", TfNodes.I32, iMerge, limit)), Map.of());
    String iSwitch = s.t("Switch", "index_switch", TfNodes.I32, iMerge, cond);
    String index = s.identity("index", iSwitch + ":1", TfNodes.I32);
    TfNodes b = s.scope("body").controlledBy(index);
    List<String> out = body.apply(b, index, frame);
    if (out.size() != results.size()) {
      throw new IllegalStateException("loop '" + name + "' body gave " + out.size() + " results, not "
          + results.size());
    }
    List<String> exits = new ArrayList<>();
    for (int k = 0; k < results.size(); k++) {
      String flowSwitch = s.t("Switch", "flow_switch_" + k, TfNodes.F32, flowMerges.get(k), cond);
      String flowIn = s.identity("flow_" + k, flowSwitch + ":1", TfNodes.F32);
      String written = s.op("TensorArrayWriteV3", "write_" + k, List.of(frame.outer(arrays.get(k),
          DataType.DT_RESOURCE), index, out.get(k), flowIn), Map.of("T", Attrs.type(results.get(k).dtype())));
      s.graph().appendInput(flowMerges.get(k), s.t("NextIteration", "flow_next_" + k, TfNodes.F32, written));
      exits.add(s.t("Exit", "flow_exit_" + k, TfNodes.F32, flowSwitch));
    }
    TfNodes step = s.controlledBy(index);
    String next = step.t("AddV2", "next_index", TfNodes.I32, index, step.i32Scalar("one", 1));
    s.graph().appendInput(iMerge, s.t("NextIteration", "index_next", TfNodes.I32, next));
    s.t("Exit", "index_exit", TfNodes.I32, iSwitch);
    String all = s.range("indices", s.i32Scalar("start", 0), count, s.i32Scalar("delta", 1));
    List<String> stacked = new ArrayList<>();
    for (int k = 0; k < results.size(); k++) {
      stacked.add(s.op("TensorArrayGatherV3", "stacked_" + k, List.of(arrays.get(k), all, exits.get(k)),
          Map.of("dtype", Attrs.type(results.get(k).dtype()), "element_shape", AttrValue.newBuilder()
              .setShape(TensorShapeProto.newBuilder().setUnknownRank(true)).build())));
    }
    return stacked;
  }

  private static String merge(TfNodes s, String n, String first, DataType t) {
    return s.op("Merge", n, List.of(first), Map.of("T", Attrs.type(t), "N", TfNodes.count(2)));
  }
}
