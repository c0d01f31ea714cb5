package io.sparkrcnn.model.export;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * A TensorFlow {@code SavedModel} around a frozen (constant-only) {@code GraphDef}: one {@code MetaGraphDef} tagged
 * {@value #TAG} with the signature {@value #SIGNATURE_KEY} (method {@value #PREDICT_METHOD}) naming the graph's input
 * and output tensors by key, as TF Serving and {@code tf.saved_model.load} call it. On disk it is a directory holding
 * {@value #SAVED_MODEL_FILE} ({@code of(...).toByteArray()}) and an empty {@value #VARIABLES_DIRECTORY}/ directory:
 * the graph has no variables to restore. Each tensor's dtype and shape come from the node giving it where the op says
 * them: {@code Placeholder}'s attributes, a {@code Const}'s value, {@code Cast}'s target type, an {@code Identity}
 * (or {@code Snapshot}, {@code StopGradient}) passing on its input, or any node's {@code _output_shapes}; a shape not
 * known so is of unknown rank, and a tensor whose dtype is not known so is refused (name it with an Identity).
 */
public final class SavedModels {
  public static final String TAG = "serve";
  public static final String SIGNATURE_KEY = "serving_default";
  public static final String PREDICT_METHOD = "tensorflow/serving/predict";
  public static final String SAVED_MODEL_FILE = "saved_model.pb";
  public static final String VARIABLES_DIRECTORY = "variables";

  private static final Set<String> PASS_THROUGH = Set.of("Identity", "Snapshot", "StopGradient");

  private SavedModels() {}

  /**
   * The SavedModel of {@code frozen} whose signature reads {@code inputTensor} ({@code "node"} or
   * {@code "node:k"}) as {@code inputKey} and gives each {@code outputKeyToTensor} value under its key.
   */
  public static SavedModel of(GraphDef frozen, String inputKey, String inputTensor,
      Map<String, String> outputKeyToTensor) {
    Map<String, NodeDef> nodes = new HashMap<>();
    frozen.getNodeList().forEach(n -> nodes.put(n.getName(), n));
    SignatureDef.Builder signature = SignatureDef.newBuilder().setMethodName(PREDICT_METHOD)
        .putInputs(inputKey, info(nodes, inputTensor));
    outputKeyToTensor.forEach((key, tensor) -> signature.putOutputs(key, info(nodes, tensor)));
    MetaGraphDef meta = MetaGraphDef.newBuilder()
        .setMetaInfoDef(MetaGraphDef.MetaInfoDef.newBuilder().addTags(TAG))
        .setGraphDef(frozen)
        .putSignatureDef(SIGNATURE_KEY, signature.build())
        .build();
    return SavedModel.newBuilder().setSavedModelSchemaVersion(1).addMetaGraphs(meta).build();
  }

  private static TensorInfo info(Map<String, NodeDef> nodes, String tensor) {
    String name = tensor.contains(":") ? tensor : tensor + ":0";
    String node = name.substring(0, name.lastIndexOf(':'));
    int index;
    try {
      index = Integer.parseInt(name.substring(name.lastIndexOf(':') + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("tensor '" + tensor + "' is not named 'node' or 'node:index'");
    }
    if (!nodes.containsKey(node)) {
      throw new IllegalArgumentException("the signature names tensor '" + tensor + "', but the graph has no node '"
          + node + "'");
    }
    DataType dtype = dtype(nodes.get(node), index);
    if (dtype == null) {
      throw new IllegalArgumentException("the type of tensor '" + name + "' (op " + nodes.get(node).getOp()
          + ") is not known here: name that output with an Identity node");
    }
    return TensorInfo.newBuilder().setName(name).setDtype(dtype).setTensorShape(shape(nodes, node, index)).build();
  }

  private static DataType dtype(NodeDef n, int index) {
    String attr = PASS_THROUGH.contains(n.getOp()) ? "T" : n.getOp().equals("Cast") ? "DstT"
        : n.getOp().startsWith("Placeholder") || n.getOp().equals("Const") ? "dtype" : null;
    return index == 0 && attr != null && n.containsAttr(attr) ? n.getAttrOrThrow(attr).getType() : null;
  }

  /** The shape of output {@code index} of node {@code name}, following pass-through ops back to where it is said. */
  private static TensorShapeProto shape(Map<String, NodeDef> nodes, String name, int index) {
    Set<String> seen = new HashSet<>();
    NodeDef n = nodes.get(name);
    while (n != null && seen.add(n.getName())) {
      if (n.containsAttr("_output_shapes") && n.getAttrOrThrow("_output_shapes").getList().getShapeCount() > index) {
        return n.getAttrOrThrow("_output_shapes").getList().getShape(index);
      }
      if (index != 0) {
        break;
      }
      if (n.getOp().startsWith("Placeholder") && n.containsAttr("shape")) {
        return n.getAttrOrThrow("shape").getShape();
      }
      if (n.getOp().equals("Const") && n.containsAttr("value")) {
        return n.getAttrOrThrow("value").getTensor().getTensorShape();
      }
      if (!(PASS_THROUGH.contains(n.getOp()) || n.getOp().equals("Cast")) || n.getInputCount() == 0
          || n.getInput(0).startsWith("^")) {
        break;
      }
      String input = n.getInput(0);
      int colon = input.lastIndexOf(':');
      n = nodes.get(colon < 0 ? input : input.substring(0, colon));
      index = colon < 0 ? 0 : Integer.parseInt(input.substring(colon + 1));
    }
    return TensorShapeProto.newBuilder().setUnknownRank(true).build();
  }
}
