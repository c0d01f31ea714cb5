package io.sparkrcnn.jobs.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** export_report.json's layout: entries in order, metrics under their keys (NaN as null), the difference. */
class ExportReportTest {
  @Test
  void entriesHoldBytesMetricsAndTheDifference() throws Exception {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("PascalBoxes_Precision/mAP@0.5IOU", 0.625);
    metrics.put("PascalBoxes_PerformanceByCategory/AP@0.5IOU/beagle", Double.NaN);
    Map<String, ExportReport.Entry> entries = new LinkedHashMap<>();
    entries.put(ExportReport.CHECKPOINT, new ExportReport.Entry(1000, metrics, null));
    entries.put("frozen_inference_graph_quantized.pb", new ExportReport.Entry(250, Map.of(
        "PascalBoxes_Precision/mAP@0.5IOU", 0.5), new DetectionDifference(0.25, 0.125, false)));
    JsonNode json = new ObjectMapper().readTree(new ExportReport("file:/t/model.ckpt-4", "image_tensor", 7,
        entries).toJson());
    List<String> names = new java.util.ArrayList<>();
    json.fieldNames().forEachRemaining(names::add);
    assertEquals(List.of("checkpoint", "frozen_inference_graph_quantized.pb", "input_type", "eval_images",
        "metrics_note"), names);
    JsonNode c = json.get("checkpoint");
    assertEquals("file:/t/model.ckpt-4", c.get("path").asText());
    assertEquals(1000, c.get("bytes").asLong());
    assertEquals(0.625, c.get("PascalBoxes_Precision/mAP@0.5IOU").asDouble());
    assertTrue(c.get("PascalBoxes_PerformanceByCategory/AP@0.5IOU/beagle").isNull());
    assertFalse(c.has("max_detection_difference"));
    JsonNode q = json.get("frozen_inference_graph_quantized.pb");
    assertEquals(250, q.get("bytes").asLong());
    assertEquals(0.25, q.get("max_detection_difference").get("boxes").asDouble());
    assertEquals(0.125, q.get("max_detection_difference").get("scores").asDouble());
    assertFalse(q.get("max_detection_difference").get("classes_agree").asBoolean());
    assertEquals(7, json.get("eval_images").asInt());
    assertTrue(json.get("metrics_note").asText().contains("SparkRCNN's runtime"));
  }

  @Test
  void skippedEvaluationsLeaveSizesOnly() throws Exception {
    JsonNode json = new ObjectMapper().readTree(new ExportReport("c", "encoded_image_string_tensor", -1,
        Map.of("model.dl4j.zip", new ExportReport.Entry(42, null, null))).toJson());
    assertEquals(2, json.size());
    assertEquals(1, json.get("model.dl4j.zip").size());
    assertEquals(42, json.get("model.dl4j.zip").get("bytes").asLong());
    assertEquals("encoded_image_string_tensor", json.get("input_type").asText());
  }
}
