package io.sparkrcnn.model.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Our VOC metric against an independent implementation (the VOCdevkit algorithm in Python,
 * src/test/resources/voc-reference/generate.py) on 40 random images of ground truth and detections
 * we did not hand-pick: near hits, duplicates, wrong classes, clutter, difficult boxes.
 */
class VocEvaluatorAgreementTest {
  @Test
  void perClassApAndMapAgreeWithTheIndependentImplementation() throws Exception {
    JsonNode ref;
    try (InputStream in = getClass().getResourceAsStream("/voc-reference/random-voc.json")) {
      ref = new ObjectMapper().readTree(in);
    }
    int numClasses = ref.get("num_classes").asInt();
    VocEvaluator e = new VocEvaluator(numClasses, 0.5);
    for (JsonNode g : ref.get("ground_truth")) {
      int n = g.get("classes").size();
      float[][] boxes = new float[n][];
      int[] classes = new int[n];
      boolean[] difficult = new boolean[n];
      for (int i = 0; i < n; i++) {
        boxes[i] = box(g.get("boxes").get(i));
        classes[i] = g.get("classes").get(i).asInt();
        difficult[i] = g.get("difficult").get(i).asBoolean();
      }
      e.addGroundTruth(g.get("image_id").asText(), boxes, classes, difficult);
    }
    for (JsonNode d : ref.get("detections")) {
      int n = d.get("classes").size();
      float[][] boxes = new float[n][];
      float[] scores = new float[n];
      int[] classes = new int[n];
      for (int i = 0; i < n; i++) {
        boxes[i] = box(d.get("boxes").get(i));
        scores[i] = (float) d.get("scores").get(i).asDouble();
        classes[i] = d.get("classes").get(i).asInt();
      }
      e.addDetections(d.get("image_id").asText(), boxes, scores, classes);
    }
    Map<Integer, String> names = new HashMap<>();
    for (int c = 1; c <= numClasses; c++) {
      names.put(c, "c" + c);
    }
    Map<String, Double> ours = e.metrics(names);
    for (int c = 1; c <= numClasses; c++) {
      JsonNode expected = ref.get("ap").get(String.valueOf(c));
      double got = ours.get(VocEvaluator.PER_CLASS_PREFIX + "c" + c);
      if (expected.isNull()) {
        assertTrue(Double.isNaN(got), "class " + c + " has no ground truth");
      } else {
        assertEquals(expected.asDouble(), got, 1e-6, "class " + c);
      }
    }
    assertEquals(ref.get("map").asDouble(), ours.get(VocEvaluator.MAP_KEY), 1e-6);
    assertTrue(ref.get("map").asDouble() > 0.2 && ref.get("map").asDouble() < 0.95, "a fixture with hits and misses");
  }

  private static float[] box(JsonNode b) {
    return new float[] {(float) b.get(0).asDouble(), (float) b.get(1).asDouble(), (float) b.get(2).asDouble(),
        (float) b.get(3).asDouble()};
  }
}
