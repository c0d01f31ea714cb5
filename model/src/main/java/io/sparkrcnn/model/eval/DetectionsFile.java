package io.sparkrcnn.model.eval;

import io.sparkrcnn.model.detector.ImageDetections;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Someone else's detections as JSON lines, one image a line:
 * {@code {"image_id": "<image/source_id>", "boxes": [[ymin, xmin, ymax, xmax], ...] (normalised),
 * "scores": [...], "classes": [1-based ids]}}. Blank lines are skipped.
 *
 * <p>{@code NaN} and {@code Infinity}, which Python's {@code json.dumps} writes for such floats, are read
 * so that the error can name the field that holds them rather than fail on the token.
 */
public final class DetectionsFile {
  private static final JsonMapper JSON = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  private static final String EXPECTED = " (expected {\"image_id\": ..., \"boxes\": [[ymin,xmin,ymax,xmax]...],"
      + " \"scores\": [...], \"classes\": [...]})";

  private DetectionsFile() {}

  /** A NaN or infinite value: the format is right, the number is not. */
  private static final class NotFinite extends IllegalArgumentException {
    NotFinite(String message) {
      super(message);
    }
  }

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
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (JsonProcessingException e) {
        String column = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
        throw new IllegalArgumentException(source + ":" + number + ": not valid JSON" + column + " ("
            + e.getOriginalMessage().lines().findFirst().orElse("").replaceAll(" \\(start marker at .*", "")
            + "); each line must be one JSON object"
            + EXPECTED);
      }
      try {
        out.add(parse(node));
      } catch (NotFinite e) {
        throw new IllegalArgumentException(source + ":" + number + ": " + e.getMessage());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(source + ":" + number + ": " + e.getMessage() + EXPECTED);
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
    if (v == null || !v.isNumber()) {
      throw new IllegalArgumentException(what + " is not a number");
    }
    if (!Double.isFinite(v.asDouble())) {
      throw new NotFinite(what + " is " + v.asText() + "; every box coordinate, score and class must"
          + " be a finite number (drop or fix such detections before writing the file)");
    }
    return v.asDouble();
  }
}
