package io.sparkrcnn.model.eval;

import io.sparkrcnn.model.detector.ImageDetections;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionsFileTest {
  private static final String GOOD = "{\"image_id\": \"a.jpg\", \"boxes\": [[0.1, 0.2, 0.5, 0.6]], \"scores\": [0.9],"
      + " \"classes\": [1]}";

  private static List<ImageDetections> read(String text) throws Exception {
    return DetectionsFile.read(new BufferedReader(new StringReader(text)), "dets.jsonl");
  }

  private static String error(String text) {
    return assertThrows(IllegalArgumentException.class, () -> read(text)).getMessage();
  }

  @Test
  void wellFormedLinesAreRead() throws Exception {
    List<ImageDetections> dets = read(GOOD + "\n\n" + GOOD.replace("a.jpg", "b.jpg") + "\n");
    assertEquals(2, dets.size());
    assertEquals("b.jpg", dets.get(1).imageId());
    assertEquals(0.6f, dets.get(0).boxes()[0][3]);
  }

  @Test
  void aBareNanAsPythonWritesItIsOneLineNamingTheLineAndTheField() {
    String nanScore = "{\"image_id\": \"b.jpg\", \"boxes\": [[0.1, 0.2, 0.5, 0.6]], \"scores\": [NaN],"
        + " \"classes\": [1]}";
    String message = error(GOOD + "\n" + nanScore + "\n");
    assertTrue(message.startsWith("dets.jsonl:2: score 0 is NaN"), message);
    assertFalse(message.contains("\n"), message);
    String infBox = "{\"image_id\": \"b.jpg\", \"boxes\": [[0.1, -Infinity, 0.5, 0.6]], \"scores\": [1],"
        + " \"classes\": [1]}";
    message = error(infBox);
    assertTrue(message.startsWith("dets.jsonl:1: box 0 is -Infinity"), message);
  }

  @Test
  void aMalformedLineIsOneLineWithItsNumber() {
    String message = error(GOOD + "\n{\"image_id\": \"b.jpg\", \"boxes\": [[0.1, 0.2, 0.5, 0.6]],\n");
    assertTrue(message.startsWith("dets.jsonl:2: not valid JSON at column"), message);
    assertFalse(message.contains("\n") || message.contains("Source:"), message);
    message = error(GOOD + " " + GOOD + "\n");
    assertTrue(message.startsWith("dets.jsonl:1: not valid JSON"), "two objects on one line: " + message);
  }
}
