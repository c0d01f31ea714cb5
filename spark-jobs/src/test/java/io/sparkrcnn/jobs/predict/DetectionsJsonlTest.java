package io.sparkrcnn.jobs.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkrcnn.model.detector.ImageDetections;
import io.sparkrcnn.model.eval.DetectionsFile;
import java.io.BufferedReader;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** detections.jsonl lines: the exact text, and what eval's detections-file reader reads back from them. */
class DetectionsJsonlTest {
  private static final ImageDetections TWO = new ImageDetections("Abyssinian_1.jpg",
      new float[][] {{0.1f, 0.2f, 0.75f, 0.9f}, {0f, 0.33333334f, 1f, 0.5f}}, new float[] {0.9375f, 0.1f},
      new int[] {1, 37});

  @Test
  void aLineIsTheDetectionsFileFormat() {
    assertEquals("{\"image_id\":\"Abyssinian_1.jpg\",\"boxes\":[[0.1,0.2,0.75,0.9],[0.0,0.33333334,1.0,0.5]],"
        + "\"scores\":[0.9375,0.1],\"classes\":[1,37]}", DetectionsJsonl.line(TWO));
    assertEquals("{\"image_id\":\"a \\\"b\\\"\",\"boxes\":[],\"scores\":[],\"classes\":[]}",
        DetectionsJsonl.line(new ImageDetections("a \"b\"", new float[0][], new float[0], new int[0])));
  }

  @Test
  void evalReadsBackTheSameFloats() throws Exception {
    String text = DetectionsJsonl.line(TWO) + "\n"
        + DetectionsJsonl.line(new ImageDetections("empty", new float[0][], new float[0], new int[0])) + "\n";
    List<ImageDetections> read = DetectionsFile.read(new BufferedReader(new StringReader(text)), "d.jsonl");
    assertEquals(2, read.size());
    assertEquals("Abyssinian_1.jpg", read.get(0).imageId());
    for (int i = 0; i < 2; i++) {
      assertArrayEquals(TWO.boxes()[i], read.get(0).boxes()[i]);
    }
    assertArrayEquals(TWO.scores(), read.get(0).scores());
    assertArrayEquals(TWO.classes(), read.get(0).classes());
    assertEquals(0, read.get(1).scores().length);
  }
}
