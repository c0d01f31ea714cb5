package io.sparkrcnn.model.export;

import static io.sparkrcnn.model.export.FoldedGraphs.assertSameNodes;
import static io.sparkrcnn.model.export.FoldedGraphs.assertSameOutputs;
import static io.sparkrcnn.model.export.FoldedGraphs.backboneNodes;
import static io.sparkrcnn.model.export.FoldedGraphs.batchNorms;
import static io.sparkrcnn.model.export.FoldedGraphs.isBatchNorm;
import static io.sparkrcnn.model.export.FoldedGraphs.shipped;
import static io.sparkrcnn.model.export.FoldedGraphs.trained;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.model.config.ModelSettings;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.detector.Detector;
import io.sparkrcnn.model.detector.FasterRcnnGraph;
import io.sparkrcnn.model.detector.ImageDetections;
import io.sparkrcnn.model.input.DetectionBatch;
import io.sparkrcnn.model.input.DetectionBatches;
import io.sparkrcnn.model.input.ImagePreparer;
import io.sparkrcnn.model.input.KeepAspectRatioResizer;
import io.sparkrcnn.model.input.PreparedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The folded inference graph of the tiny detector, with random non-trivial batch-norm statistics, against the trained
 * graph it comes from: outputs, detections, TensorFlow nodes; and its model zip. ResNet-50: InferenceGraphResNetTest.
 */
class InferenceGraphTest {
  @BeforeAll
  static void floatPrecision() {
    Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
  }

  /** Random colour images of odd sizes, prepared as the export's predict path prepares decoded pixels. */
  private static DetectionBatch batch(ModelSettings m, long seed) {
    Random random = new Random(seed);
    ImagePreparer preparer = new ImagePreparer(new KeepAspectRatioResizer(m.minDimension(), m.maxDimension()));
    List<PreparedImage> images = new ArrayList<>();
    int[][] sizes = {{120, 160}, {97, 61}};
    for (int i = 0; i < sizes.length; i++) {
      int[] rgb = new int[sizes[i][0] * sizes[i][1]];
      for (int p = 0; p < rgb.length; p++) {
        rgb[p] = random.nextInt(1 << 24);
      }
      images.add(preparer.prepare("image_" + i, rgb, sizes[i][0], sizes[i][1]));
    }
    return DetectionBatches.assemble(images, 1);
  }

  @Test
  void theTinyDetectorFoldedHasNoBatchNormAndTheSameOutputsAndDetections() throws Exception {
    PipelineSettings s = shipped("tiny_pets.config");
    ModelSettings m = s.model();
    ComputationGraph trained = trained(s, m, 3);
    ComputationGraph folded = InferenceGraph.fold(trained);

    assertEquals(8, batchNorms(trained));
    assertEquals(0, batchNorms(folded));
    assertEquals(trained.getConfiguration().getVertices().size() - 8, folded.getConfiguration().getVertices().size());
    assertEquals(trained.getConfiguration().getNetworkInputs(), folded.getConfiguration().getNetworkInputs());
    assertEquals(trained.getConfiguration().getNetworkOutputs(), folded.getConfiguration().getNetworkOutputs());
    assertEquals(List.of("tiny/conv1_down"), folded.getConfiguration().getVertexInputs().get("tiny/conv1_down/relu"));
    ConvolutionLayer conv = (ConvolutionLayer) folded.getLayer("tiny/conv1_down").conf().getLayer();
    assertTrue(conv.hasBias());
    assertTrue(conv.getActivationFn() instanceof ActivationIdentity);
    assertEquals(trained.numParams() - paramsOfBatchNorms(trained) + biasesOfFolded(trained),
        folded.numParams());

    DetectionBatch batch = batch(m, 5);
    assertSameOutputs(trained, folded, batch.data().getFeatures(0));
    List<ImageDetections> expected = new Detector(trained, m).detect(batch);
    List<ImageDetections> actual = new Detector(folded, m).detect(batch);
    assertSameDetections(expected, actual);

    assertNull(FasterRcnnGraph.mismatch(folded, m));
    ModelSettings fewer = new ModelSettings(5, m.featureExtractor(), m.batchNormTrainable(), m.minDimension(),
        m.maxDimension(), m.firstStage(), m.secondStage(), m.postProcessing());
    assertNotNull(FasterRcnnGraph.mismatch(folded, fewer));

    // The TensorFlow nodes of the folded backbone are those of the trained one, constants bit for bit.
    assertSameNodes(backboneNodes(trained), backboneNodes(folded));
  }

  private static long paramsOfBatchNorms(ComputationGraph net) {
    return net.getConfiguration().getVertices().entrySet().stream().filter(e -> isBatchNorm(e.getValue()))
        .mapToLong(e -> net.getLayer(e.getKey()).numParams()).sum();
  }

  private static long biasesOfFolded(ComputationGraph net) {
    return BatchNormFolds.of(net.getConfiguration()).keySet().stream()
        .mapToLong(c -> ((ConvolutionLayer) net.getLayer(c).conf().getLayer()).getNOut()).sum();
  }

  private static void assertSameDetections(List<ImageDetections> expected, List<ImageDetections> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      ImageDetections e = expected.get(i);
      ImageDetections a = actual.get(i);
      assertEquals(e.imageId(), a.imageId());
      assertTrue(e.scores().length > 10, "detections of " + e.imageId() + ": " + e.scores().length);
      assertEquals(e.scores().length, a.scores().length);
      assertArrayEquals(e.classes(), a.classes());
      assertArrayEquals(e.scores(), a.scores(), 1e-4f);
      for (int d = 0; d < e.boxes().length; d++) {
        assertArrayEquals(e.boxes()[d], a.boxes()[d], 1e-4f, "detection " + d + " of " + e.imageId());
      }
    }
  }

  @Test
  void writtenAndReadItGivesTheSameOutputsAndHoldsNoUpdaterState() throws Exception {
    PipelineSettings s = shipped("tiny_pets.config");
    ComputationGraph folded = InferenceGraph.fold(trained(s, s.model(), 7));
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    InferenceGraph.write(folded, zip);
    List<String> entries = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.toByteArray()))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        entries.add(e.getName());
      }
    }
    assertTrue(entries.contains("configuration.json") && entries.contains("coefficients.bin"), entries.toString());
    assertFalse(entries.stream().anyMatch(e -> e.toLowerCase().contains("updater")), entries.toString());

    ComputationGraph read = InferenceGraph.read(new ByteArrayInputStream(zip.toByteArray()));
    assertEquals(0, batchNorms(read));
    assertEquals(folded.params(), read.params());
    INDArray image = batch(s.model(), 9).data().getFeatures(0);
    INDArray[] expected = folded.output(false, image);
    INDArray[] actual = read.output(false, image);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i]);
    }
    assertNull(FasterRcnnGraph.mismatch(read, s.model()));
  }


}
