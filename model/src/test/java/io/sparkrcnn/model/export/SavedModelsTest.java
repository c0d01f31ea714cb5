package io.sparkrcnn.model.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/** A constant-only graph as a SavedModel directory, loaded and served by TensorFlow for Java. */
class SavedModelsTest {
  private static final Map<String, String> OUTPUTS = Map.of("detection_boxes", "detection_boxes",
      "detection_scores", "detection_scores:0", "detection_classes", "detection_classes",
      "num_detections", "num_detections");

  /** uint8 images → float, halved (detection_boxes); scores, classes and the count are constants. */
  private static GraphDef graph() {
    GraphDefBuilder g = new GraphDefBuilder();
    String image = g.placeholder("image_tensor", DataType.DT_UINT8, -1, -1, -1, 3);
    String floats = g.node("Cast", "as_float", List.of(image), Map.of("SrcT", Attrs.type(DataType.DT_UINT8),
        "DstT", Attrs.type(DataType.DT_FLOAT), "Truncate", Attrs.bool(false)));
    String half = g.constant("half", Nd4j.scalar(0.5f));
    String scaled = g.node("Mul", "scaled", List.of(floats, half), Map.of("T", Attrs.type(DataType.DT_FLOAT)));
    identity(g, "detection_boxes", scaled);
    identity(g, "detection_scores", g.constant("scores", Nd4j.createFromArray(0.9f, 0.25f)));
    identity(g, "detection_classes", g.constant("classes", Nd4j.createFromArray(1f, 3f)));
    identity(g, "num_detections", g.constant("count", Nd4j.createFromArray(2f)));
    return g.build();
  }

  private static void identity(GraphDefBuilder g, String name, String input) {
    g.node("Identity", name, List.of(input), Map.of("T", Attrs.type(DataType.DT_FLOAT)));
  }

  private static float[] floats(Tensor t) {
    TFloat32 f = (TFloat32) t;
    float[] out = new float[(int) f.size()];
    f.copyTo(DataBuffers.of(out, false, false));
    return out;
  }

  private static Path write(SavedModel model, Path dir) throws IOException {
    Files.write(dir.resolve(SavedModels.SAVED_MODEL_FILE), model.toByteArray());
    Files.createDirectory(dir.resolve(SavedModels.VARIABLES_DIRECTORY));
    return dir;
  }

  @Test
  void theSignatureNamesEachTensorWithItsTypeAndShape() {
    SavedModel model = SavedModels.of(graph(), "inputs", "image_tensor", OUTPUTS);
    assertEquals(1, model.getMetaGraphsCount());
    assertEquals(List.of("serve"), model.getMetaGraphs(0).getMetaInfoDef().getTagsList());
    assertEquals(graph(), model.getMetaGraphs(0).getGraphDef());
    SignatureDef s = model.getMetaGraphs(0).getSignatureDefOrThrow("serving_default");
    assertEquals(TensorInfo.newBuilder().setName("image_tensor:0").setDtype(DataType.DT_UINT8)
        .setTensorShape(GraphDefBuilder.shape(-1, -1, -1, 3)).build(), s.getInputsOrThrow("inputs"));
    assertEquals("detection_scores:0", s.getOutputsOrThrow("detection_scores").getName());
    assertEquals(GraphDefBuilder.shape(2), s.getOutputsOrThrow("detection_scores").getTensorShape());
    assertEquals(GraphDefBuilder.shape(1), s.getOutputsOrThrow("num_detections").getTensorShape());
    assertEquals(DataType.DT_FLOAT, s.getOutputsOrThrow("detection_boxes").getDtype());
    assertTrue(s.getOutputsOrThrow("detection_boxes").getTensorShape().getUnknownRank(), "Mul says no shape");
    TensorInfo cast = SavedModels.of(graph(), "inputs", "image_tensor", Map.of("image", "as_float"))
        .getMetaGraphs(0).getSignatureDefOrThrow("serving_default").getOutputsOrThrow("image");
    assertEquals(DataType.DT_FLOAT, cast.getDtype());
    assertEquals(GraphDefBuilder.shape(-1, -1, -1, 3), cast.getTensorShape(), "Cast passes its input's shape on");
  }

  @Test
  void tensorFlowLoadsTheDirectoryAndServesTheSignature(@TempDir Path dir) throws IOException {
    write(SavedModels.of(graph(), "inputs", "image_tensor", OUTPUTS), dir);
    byte[] pixels = new byte[2 * 2 * 3];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 23);
    }
    float[] halves = new float[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      halves[i] = (pixels[i] & 0xff) / 2f;
    }
    try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), "serve");
        TUint8 image = TUint8.tensorOf(Shape.of(1, 2, 2, 3), DataBuffers.of(pixels, true, false))) {
      SignatureDef loaded = bundle.metaGraphDef().getSignatureDefOrThrow("serving_default");
      assertEquals("tensorflow/serving/predict", loaded.getMethodName());
      assertEquals(Set.of("inputs"), loaded.getInputsMap().keySet());
      assertEquals(OUTPUTS.keySet(), loaded.getOutputsMap().keySet());
      try (var result = bundle.function("serving_default").call(Map.of("inputs", image))) {
        assertArrayEquals(halves, floats(result.get("detection_boxes").orElseThrow()));
        assertArrayEquals(new long[] {1, 2, 2, 3}, result.get("detection_boxes").orElseThrow().shape().asArray());
        assertArrayEquals(new float[] {0.9f, 0.25f}, floats(result.get("detection_scores").orElseThrow()));
        assertArrayEquals(new float[] {1, 3}, floats(result.get("detection_classes").orElseThrow()));
        assertArrayEquals(new float[] {2}, floats(result.get("num_detections").orElseThrow()));
      }
      try (var result = bundle.session().runner().feed(loaded.getInputsOrThrow("inputs").getName(), image)
          .fetch(loaded.getOutputsOrThrow("detection_boxes").getName()).run()) {
        assertArrayEquals(halves, floats(result.get(0)));
      }
    }
  }

  @Test
  void aTensorThatIsNotInTheGraphOrOfUnknownTypeIsRefusedByName() {
    var missing = assertThrows(IllegalArgumentException.class,
        () -> SavedModels.of(graph(), "inputs", "images", OUTPUTS));
    assertTrue(missing.getMessage().contains("'images'"), missing.getMessage());
    var untyped = assertThrows(IllegalArgumentException.class,
        () -> SavedModels.of(graph(), "inputs", "image_tensor", Map.of("boxes", "scaled")));
    assertTrue(untyped.getMessage().contains("'scaled:0'") && untyped.getMessage().contains("Identity"),
        untyped.getMessage());
  }
}
