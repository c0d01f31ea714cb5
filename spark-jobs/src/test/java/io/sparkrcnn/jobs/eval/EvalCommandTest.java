package io.sparkrcnn.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkrcnn.jobs.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * eval --detections_file on records made by convert, with the shipped tiny config pointed at them: the metrics it
 * writes. What it refuses is {@link EvalCommandRefusalsTest}'s.
 */
class EvalCommandTest extends DetectionsFileFixture {
  private static JsonNode metrics(Path dets, String evalDir) throws Exception {
    Cli.Run run = evalRun(dets, evalDir);
    assertEquals(0, run.exit(), run.err());
    return new ObjectMapper().readTree(Files.readString(tmp.resolve(evalDir).resolve("metrics.json")));
  }

  @Test
  void perfectDetectionsScoreOneOnBothMetrics() throws Exception {
    JsonNode m = metrics(detections("perfect.jsonl", c -> c), "eval-perfect");
    assertEquals(1.0, m.get("PascalBoxes_Precision/mAP@0.5IOU").asDouble(), 1e-9);
    assertEquals(1.0, m.get("DetectionBoxes_Precision/mAP").asDouble(), 1e-9);
    assertEquals(1.0, m.get("PascalBoxes_PerformanceByCategory/AP@0.5IOU/Abyssinian").asDouble(), 1e-9);
    assertTrue(m.get("PascalBoxes_PerformanceByCategory/AP@0.5IOU/yorkshire_terrier").isNull(),
        "a breed without ground truth has no AP");
  }

  @Test
  void wrongClassesScoreZero() throws Exception {
    JsonNode m = metrics(detections("wrong.jsonl", c -> c % 37 + 1), "eval-wrong");
    assertEquals(0.0, m.get("PascalBoxes_Precision/mAP@0.5IOU").asDouble(), 1e-9);
    assertEquals(0.0, m.get("DetectionBoxes_Precision/mAP").asDouble(), 1e-9);
  }

  @Test
  void aPartialMismatchIsScoredWithOneWarningLineAndTheCountsPrinted() throws Exception {
    Path dets = detections("partial.jsonl", c -> c, (g, n) -> n == 0 ? "not_in_records.jpg" : g.sourceId(), b -> b);
    Cli.Run run = evalRun(dets, "e-partial");
    assertEquals(0, run.exit(), run.err());
    List<String> warnings = run.err().lines().filter(l -> l.startsWith("warning:")).toList();
    assertEquals(1, warnings.size(), run.err());
    assertTrue(warnings.get(0).contains("1 of " + val.size() + " images") && warnings.get(0).contains("not_in_records"),
        run.err());
    assertTrue(run.out().contains(val.size() + " images with detections, " + (val.size() - 1)
        + " of them in the eval records"), run.out());
  }

  @Test
  void byteOrderMarksInTheConfigAndTheDetectionsFileAreIgnored() throws Exception {
    Path bomConfig = tmp.resolve("bom.config");
    Files.writeString(bomConfig, "\uFEFF" + Files.readString(config));
    Path dets = tmp.resolve("bom.jsonl");
    Files.writeString(dets, "\uFEFF" + Files.readString(detections("plain.jsonl", c -> c)));
    Cli.Run run = Cli.run("eval", "--pipeline_config_path", bomConfig.toString(), "--eval_dir",
        tmp.resolve("e-bom").toString(), "--detections_file", dets.toString());
    assertEquals(0, run.exit(), run.err());
    JsonNode m = new ObjectMapper().readTree(Files.readString(tmp.resolve("e-bom/metrics.json")));
    assertEquals(1.0, m.get("PascalBoxes_Precision/mAP@0.5IOU").asDouble(), 1e-9);
  }
}
