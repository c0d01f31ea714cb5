package io.sparkrcnn.model.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.io.example.DetectionExample;
import io.sparkrcnn.io.example.ExampleEncoder;
import io.sparkrcnn.model.config.ModelSettings;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.detector.Detector;
import io.sparkrcnn.model.detector.FasterRcnnGraph;
import io.sparkrcnn.model.detector.ImageDetections;
import io.sparkrcnn.model.testing.TensorFlowDetector;
import io.sparkrcnn.model.input.DetectionBatches;
import io.sparkrcnn.model.input.ImagePreparer;
import io.sparkrcnn.model.input.KeepAspectRatioResizer;
import io.sparkrcnn.model.input.PreparedImage;
import io.sparkrcnn.model.input.RgbImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The tiny detector's frozen graph run by TensorFlow gives our detections, image by image and as a batch. */
class DetectorGraphDefTest {
  private static PipelineSettings settings;
  private static ComputationGraph graph;

  @BeforeAll
  static void model() throws Exception {
    settings = PipelineSettings.parse(Files.readString(Path.of("../cluster-configs/pipelines", "tiny_pets.config")),
        "tiny_pets.config");
    graph = FasterRcnnGraph.build(settings.model(), settings.train(), 11);
    // Decisive random weights: objectness and class logits of order 1, so that scores are far apart.
    graph.getLayer("rpn/objectness").setParam("W", graph.getLayer("rpn/objectness").getParam("W").mul(300));
    var box = graph.getLayer(FasterRcnnGraph.BOX_CLASSIFIER);
    box.setParam("classW", box.getParam("classW").mul(4));
    box.setParam("hiddenW", box.getParam("hiddenW").mul(0.02));
  }

  /** A random smooth colour image with a few bright rectangles. */
  static BufferedImage image(int h, int w, long seed) {
    Random r = new Random(seed);
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int[] base = {r.nextInt(256), r.nextInt(256), r.nextInt(256)};
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int red = (base[0] + x * 3) & 0xff;
        int green = (base[1] + y * 2) & 0xff;
        int blue = (base[2] + (x ^ y)) & 0xff;
        img.setRGB(x, y, red << 16 | green << 8 | blue);
      }
    }
    for (int k = 0; k < 3; k++) {
      int y0 = r.nextInt(h / 2);
      int x0 = r.nextInt(w / 2);
      int colour = r.nextInt(0xffffff);
      for (int y = y0; y < Math.min(h, y0 + 10 + r.nextInt(h / 2)); y++) {
        for (int x = x0; x < Math.min(w, x0 + 10 + r.nextInt(w / 2)); x++) {
          img.setRGB(x, y, colour);
        }
      }
    }
    return img;
  }

  static byte[] png(BufferedImage img) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  static byte[] rgb(List<BufferedImage> images) {
    return TensorFlowDetector.bytes(images.stream().map(RgbImage::of).toList());
  }

  static List<ImageDetections> ours(ComputationGraph net, ModelSettings m, List<BufferedImage> images,
      List<String> ids) throws Exception {
    ImagePreparer preparer = new ImagePreparer(new KeepAspectRatioResizer(m.minDimension(), m.maxDimension()));
    List<PreparedImage> prepared = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      BufferedImage img = images.get(i);
      byte[] example = ExampleEncoder.encode(new DetectionExample(ids.get(i) + ".png", ids.get(i), png(img),
          img.getWidth(), img.getHeight(), List.of(), null)).toByteArray();
      prepared.add(preparer.prepare(example, false));
    }
    return new Detector(net, m).detect(DetectionBatches.assemble(prepared, 1));
  }

  /** Equal detections: the same number, classes in order, boxes and scores within {@code tolerance}. */
  static void assertSame(ImageDetections expected, ImageDetections actual, double tolerance) {
    assertEquals(expected.scores().length, actual.scores().length, "detections of " + expected.imageId());
    for (int j = 0; j < expected.scores().length; j++) {
      String what = expected.imageId() + " detection " + j;
      assertEquals(expected.classes()[j], actual.classes()[j], what + " class");
      assertEquals(expected.scores()[j], actual.scores()[j], tolerance, what + " score");
      for (int c = 0; c < 4; c++) {
        assertEquals(expected.boxes()[j][c], actual.boxes()[j][c], tolerance, what + " box");
      }
    }
  }

  @Test
  void imagesOfTheirOriginalSizesGiveOurDetections() throws Exception {
    var def = DetectorGraphDef.build(graph, settings.model(), ExportInput.IMAGE_TENSOR);
    try (TensorFlowDetector tf = new TensorFlowDetector(def)) {
      for (int[] size : new int[][] {{96, 128}, {128, 80}, {128, 128}, {120, 160}, {333, 500}, {57, 41}}) {
        BufferedImage img = image(size[0], size[1], size[0] * 31L + size[1]);
        List<String> id = List.of("img" + size[0] + "x" + size[1]);
        ImageDetections expected = ours(graph, settings.model(), List.of(img), id).get(0);
        ImageDetections actual = tf.detect(rgb(List.of(img)), 1, size[0], size[1], id).get(0);
        assertTrue(expected.scores().length > 20, "few detections: " + expected.scores().length);
        assertSame(expected, actual, 1e-3);
      }
    }
  }

  @Test
  void aBatchOfFourEqualsFourSingleRuns() throws Exception {
    var def = DetectorGraphDef.build(graph, settings.model(), ExportInput.IMAGE_TENSOR);
    List<BufferedImage> images = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      images.add(image(96, 128, 100 + i));
      ids.add("batch" + i);
    }
    try (TensorFlowDetector tf = new TensorFlowDetector(def)) {
      List<ImageDetections> batch = tf.detect(rgb(images), 4, 96, 128, ids);
      for (int i = 0; i < 4; i++) {
        ImageDetections single = tf.detect(rgb(List.of(images.get(i))), 1, 96, 128, List.of(ids.get(i))).get(0);
        assertTrue(single.scores().length > 20, "few detections: " + single.scores().length);
        assertSame(single, batch.get(i), 1e-6);
      }
    }
  }

  @Test
  void encodedImagesAreDecodedInTheGraph() throws Exception {
    var def = DetectorGraphDef.build(graph, settings.model(), ExportInput.ENCODED_IMAGE_STRING_TENSOR);
    List<BufferedImage> images = List.of(image(128, 80, 7), image(128, 80, 8));
    List<String> ids = List.of("png0", "png1");
    try (TensorFlowDetector tf = new TensorFlowDetector(def)) {
      List<ImageDetections> actual = tf.detectEncoded(List.of(png(images.get(0)), png(images.get(1))), ids);
      List<ImageDetections> expected = ours(graph, settings.model(), images, ids);
      for (int i = 0; i < 2; i++) {
        assertSame(expected.get(i), actual.get(i), 1e-3);
      }
    }
  }

  @Test
  void theGraphHasTheReferenceNamesAndNoTrainingNode() {
    var def = DetectorGraphDef.build(graph, settings.model(), ExportInput.IMAGE_TENSOR);
    var names = def.getNodeList().stream().map(n -> n.getName()).toList();
    for (String name : List.of("image_tensor", "detection_boxes", "detection_scores", "detection_classes",
        "num_detections")) {
      assertTrue(names.contains(name), name);
    }
    assertTrue(names.stream().noneMatch(n -> n.contains("loss")), "a loss node");
    long big = def.getNodeList().stream().filter(n -> n.getOp().equals("Const"))
        .filter(n -> n.getAttrOrThrow("value").getTensor().getDtype() == TfNodes.F32)
        .filter(n -> n.getAttrOrThrow("value").getTensor().getTensorContent().size() >= 4096).count();
    long params = 0;
    for (var layer : graph.getLayers()) {
      for (var p : layer.paramTable().entrySet()) {
        if (p.getValue().length() >= 1024 && !layer.conf().getLayer().getLayerName().endsWith("/bn")) {
          params++;
        }
      }
    }
    assertEquals(params, big, "large float constants are exactly the weights");
  }

  @Test
  void aConfigThatDoesNotFitTheCheckpointIsRefusedByName() throws Exception {
    String text = Files.readString(Path.of("../cluster-configs/pipelines", "tiny_pets.config"))
        .replace("num_classes: 37", "num_classes: 5");
    var other = PipelineSettings.parse(text, "five-classes");
    var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> DetectorGraphDef.build(graph, other.model(), ExportInput.IMAGE_TENSOR));
    assertTrue(e.getMessage().contains("37 classes") && e.getMessage().contains("5"), e.getMessage());
    var unknown = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> ExportInput.named("tf_example"));
    assertTrue(unknown.getMessage().contains("image_tensor, encoded_image_string_tensor"), unknown.getMessage());
  }

  @Test
  void aCanvasThatIsNoMultipleOfTheStrideGivesOurDetections() throws Exception {
    var model = settings.model().withCanvas(600);
    ComputationGraph net = FasterRcnnGraph.build(model, settings.train(), 23);
    net.setParams(graph.params().dup()); // the same decisive weights: only the canvas differs
    var def = DetectorGraphDef.build(net, model, ExportInput.IMAGE_TENSOR);
    try (TensorFlowDetector tf = new TensorFlowDetector(def)) {
      BufferedImage img = image(450, 600, 600);
      List<String> id = List.of("img450x600");
      ImageDetections expected = ours(net, model, List.of(img), id).get(0);
      ImageDetections actual = tf.detect(rgb(List.of(img)), 1, 450, 600, id).get(0);
      assertTrue(expected.scores().length > 20, "few detections: " + expected.scores().length);
      assertSame(expected, actual, 1e-3);
    }
  }
}
