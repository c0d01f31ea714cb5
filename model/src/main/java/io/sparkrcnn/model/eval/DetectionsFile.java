package io.sparkrcnn.model.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Someone else's detections as JSON lines, one image a line:
 * {@code {"image_id": "<image/source_id>", "boxes": [[ymin, xmin, ymax, xmax], ...] (normalised),
 * "scores": [...], "classes": [1-based ids]}}. Blank lines are skipped.
 */
public final class DetectionsFile {
  /** One image's detections. */
  public record ImageDetections(String imageId, float[][] boxes, float[] scores, int[] classes) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private DetectionsFile() {}

  /** @throws IllegalArgumentException naming the line and what is wrong with it */
  public static List<ImageDetections> read(BufferedReader in, String source) throws IOException {
    List<ImageDetections> out = new ArrayList<>();
    String line;
    int number = 0;
    while ((line = in.readLine()) != null) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      try {
        out.add(parse(JSON.readTree(line)));
      } catch (IOException | IllegalArgumentException e) {
        throw new IllegalArgumentException(source + ":" + number + ": " + e.getMessage().lines().findFirst()
            .orElse("") + " (expected {\"image_id\": ..., \"boxes\": [[ymin,xmin,ymax,xmax]...], \"scores\": [...],"
            + " \"classes\": [...]})");
      }
    }
    return out;
  }

  private static ImageDetections parse(JsonNode n) {
    if (!n.isObject() || !n.hasNonNull("image_id")) {
      throw new IllegalArgumentException("no image_id");
    }
    JsonNode boxes = array(n, "boxes");
    JsonNode scores = array(n, "scores");
    JsonNode classes = array(n, "classes");
    int k = boxes.size();
    if (scores.size() != k || classes.size() != k) {
      throw new IllegalArgumentException(k + " boxes but " + scores.size() + " scores and " + classes.size()
          + " classes");
    }
    float[][] b = new float[k][4];
    float[] s = new float[k];
    int[] c = new int[k];
    for (int i = 0; i < k; i++) {
      JsonNode box = boxes.get(i);
      if (!box.isArray() || box.size() != 4) {
        throw new IllegalArgumentException("box " + i + " is not [ymin, xmin, ymax, xmax]");
      }
      for (int j = 0; j < 4; j++) {
        b[i][j] = (float) number(box.get(j), "box " + i);
      }
      s[i] = (float) number(scores.get(i), "score " + i);
      double cls = number(classes.get(i), "class " + i);
      if (cls != Math.rint(cls) || cls < 1) {
        throw new IllegalArgumentException("class " + i + " is " + classes.get(i) + ", expected a label id from 1");
      }
      c[i] = (int) cls;
    }
    return new ImageDetections(n.get("image_id").asText(), b, s, c);
  }

  private static JsonNode array(JsonNode n, String key) {
    JsonNode a = n.get(key);
    if (a == null || !a.isArray()) {
      throw new IllegalArgumentException("no '" + key + "' array");
    }
    return a;
  }

  private static double number(JsonNode v, String what) {
    if (v == null || !v.isNumber() || !Double.isFinite(v.asDouble())) {
      throw new IllegalArgumentException(what + " is not a number");
    }
    return v.asDouble();
  }
}
