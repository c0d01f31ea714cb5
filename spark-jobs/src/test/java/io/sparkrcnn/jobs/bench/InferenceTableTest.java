package io.sparkrcnn.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.jobs.UserError;
import io.sparkrcnn.model.detector.ImageDetections;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The inference benchmark's table, the child's JSON line read back, detections compared, --configs entries. */
class InferenceTableTest {
  private static final String LINE = "{\"tensorflow\":\"2.18.0\",\"threads\":2,\"graphs\":[{\"file\":\"a.pb\","
      + "\"mean_ms\":12.5000,\"min_ms\":10.2500,\"num_detections\":3,\"top\":{\"score\":0.875000000,\"class\":7,"
      + "\"box\":[0.100000000,0.200000000,0.300000000,0.400000000]}},{\"file\":\"b.pb\",\"mean_ms\":4.0000,"
      + "\"min_ms\":4.0000,\"num_detections\":0,\"top\":null}]}";

  @Test
  void readsTheLastJsonLineOfTheChildsOutput() throws IOException {
    InferenceTable.TensorFlowRun run = InferenceTable.parse("some log line\n" + LINE + "\n");
    assertEquals("2.18.0", run.version());
    assertEquals(2, run.threads());
    InferenceTable.GraphResult a = run.graphs().get(0);
    assertEquals("a.pb", a.file());
    assertEquals(12.5, a.meanMs(), 0);
    assertEquals(10.25, a.minMs(), 0);
    assertEquals(3, a.numDetections());
    assertEquals(0.875f, a.topScore(), 0);
    assertEquals(7, a.topClass());
    assertEquals(0.3f, a.topBox()[2], 0);
    InferenceTable.GraphResult b = run.graphs().get(1);
    assertEquals(0, b.numDetections());
    assertTrue(Float.isNaN(b.topScore()));
    assertThrows(IOException.class, () -> InferenceTable.parse("Exception in thread main\n"));
  }

  @Test
  void aRowGivesBytesMillisecondsAndImagesPerSecond() {
    String row = InferenceTable.row(new InferenceTable.Row("faster_rcnn_tiny", 128, "DL4J", "model.dl4j.zip",
        4568250, 250, 200));
    assertEquals("| faster_rcnn_tiny | 128 | DL4J | model.dl4j.zip | 4,568,250 | 250.0 | 200.0 | 4.00 |",
        row.strip());
    String table = InferenceTable.markdown(List.of(new InferenceTable.Row("m", 600, "TensorFlow 2.18.0", "a.pb", 10,
        8, 8)));
    assertEquals(3, table.lines().count());
    assertTrue(table.endsWith("| m | 600 | TensorFlow 2.18.0 | a.pb | 10 | 8.0 | 8.0 | 125.00 |\n"), table);
  }

  @Test
  void comparesCountsClassesAndTheTopDetection() throws IOException {
    InferenceTable.GraphResult tf = InferenceTable.parse(LINE).graphs().get(0);
    float[][] boxes = {{0.1f, 0.2f, 0.3005f, 0.4f}, {0, 0, 1, 1}, {0, 0, 1, 1}};
    ImageDetections near = new ImageDetections("x", boxes, new float[] {0.8752f, 0.5f, 0.4f}, new int[] {7, 1, 2});
    assertEquals(5e-4, InferenceTable.topDifference(near, tf), 1e-6);
    assertTrue(InferenceTable.agreement("tiny", 128, near, tf, 1e-3).endsWith(
        "num_detections 3 (DL4J) vs 3 (TensorFlow); top detection (class 7) differs by 5.0e-04 in score and box"
            + " (equal within 1e-03)"), InferenceTable.agreement("tiny", 128, near, tf, 1e-3));
    assertTrue(InferenceTable.agreement("tiny", 128, near, tf, 1e-4).endsWith("(NOT equal within 1e-04)"));
    assertTrue(InferenceTable.agreement("tiny", 128, near, tf, Double.NaN).endsWith("(8-bit weights)"));
    ImageDetections otherClass = new ImageDetections("x", boxes, near.scores(), new int[] {8, 1, 2});
    assertEquals(Double.POSITIVE_INFINITY, InferenceTable.topDifference(otherClass, tf));
    assertTrue(InferenceTable.agreement("tiny", 128, otherClass, tf, 1e-3).endsWith("of different classes: DIFFERENT"));
    ImageDetections fewer = new ImageDetections("x", new float[][] {boxes[0]}, new float[] {0.875f}, new int[] {7});
    assertTrue(InferenceTable.agreement("tiny", 128, fewer, tf, 1e-3)
        .endsWith("1 (DL4J) vs 3 (TensorFlow): DIFFERENT"));
  }

  @Test
  void configEntriesNameACanvasAfterAnAt() {
    assertEquals(new InferenceBenchmark.ModelSpec("a/tiny.config", 0),
        InferenceBenchmark.ModelSpec.parse("a/tiny.config"));
    assertEquals(new InferenceBenchmark.ModelSpec("a/r50.config", 600),
        InferenceBenchmark.ModelSpec.parse("a/r50.config@600"));
    UserError e = assertThrows(UserError.class, () -> InferenceBenchmark.ModelSpec.parse("a.config@big"));
    assertEquals("--configs: 'a.config@big' is not CONFIG or CONFIG@PIXELS (PIXELS at least 32)", e.getMessage());
  }

  @Test
  void theCpuModelComesFromProcCpuinfo() {
    assertEquals("Intel(R) Xeon(R) Processor", CpuModel.name("processor\t: 0\nvendor_id\t: GenuineIntel\n"
        + "model name\t: Intel(R) Xeon(R) Processor\nflags\t: fpu\n"));
    assertEquals(System.getProperty("os.arch"), CpuModel.name("processor\t: 0\n"));
  }
}
