package io.sparkrcnn.jobs.eval;

import static io.sparkrcnn.jobs.testing.Cli.assertRefusedInOneLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.io.labelmap.LabelMap;
import io.sparkrcnn.jobs.testing.Cli;
import io.sparkrcnn.jobs.testing.ShippedConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * What eval --detections_file refuses, exit 2 with the thing named: bad lines, unconfigured or unreadable records,
 * a missing input, and detections in a form the metrics cannot score (pixels, ids without .jpg, inverted boxes).
 */
class EvalCommandRefusalsTest extends DetectionsFileFixture {
  @Test
  void aBadLineIsOneErrorNamingItsNumber() throws Exception {
    Path bad = tmp.resolve("bad.jsonl");
    Files.writeString(bad, "{\"image_id\": \"x\", \"boxes\": [], \"scores\": [], \"classes\": []}\n{\"image_id\": 1, "
        + "\"boxes\": [[0,0,1]], \"scores\": [0.5], \"classes\": [1]}\n");
    Cli.Run run = evalRun(bad, "e3");
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("bad.jsonl:2:") && run.err().contains("box 0"), run.err());
  }

  @Test
  void anUnconfiguredPathIsNamed() throws Exception {
    Path raw = tmp.resolve("raw.config");
    Files.copy(ShippedConfigs.path("tiny_pets.config"), raw);
    Cli.Run run = Cli.run("eval", "--pipeline_config_path", raw.toString(), "--eval_dir", tmp.resolve("e4").toString(),
        "--detections_file", tmp.resolve("none.jsonl").toString());
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("PATH_TO_BE_CONFIGURED"), run.err());
  }

  @Test
  void recordsThatAreNotTfRecordsAreNamed() throws Exception {
    Path junkDir = tmp.resolve("junk");
    Files.createDirectories(junkDir);
    Files.writeString(junkDir.resolve("pet_faces_val.record-00000-of-00010"), "this is not a TFRecord file at all");
    Files.writeString(junkDir.resolve("pet_label_map.pbtxt"), LabelMap.pets().toPbtxt());
    Path cfg = ShippedConfigs.write("tiny_pets.config", junkDir.toString(), tmp.resolve("junk.config"));
    Path dets = tmp.resolve("empty.jsonl");
    Files.writeString(dets, "");
    Cli.Run run = Cli.run("eval", "--pipeline_config_path", cfg.toString(), "--eval_dir", tmp.resolve("e5").toString(),
        "--detections_file", dets.toString());
    assertEquals(2, run.exit(), run.err());
    assertTrue(run.err().contains("pet_faces_val.record-00000-of-00010"), run.err());
  }

  @Test
  void exactlyOneOfCheckpointDirAndDetectionsFileIsNeeded() {
    Cli.Run run = Cli.run("eval", "--pipeline_config_path", config.toString(), "--eval_dir",
        tmp.resolve("e7").toString());
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("--checkpoint_dir") && run.err().contains("--detections_file"), run.err());
  }

  @Test
  void pixelCoordinatesAreRefusedAsSuch() throws Exception {
    Path dets = detections("pixels.jsonl", c -> c, (g, n) -> g.sourceId(),
        b -> new float[] {b[0] * 48, b[1] * 64, b[2] * 48, b[3] * 64});
    assertRefusedInOneLine(evalRun(dets, "e-pixels"), "pixels.jsonl", "pixel coordinates", "normalised");
  }

  @Test
  void idsWithoutTheJpgExtensionAreRefusedNamingTheIdTheRecordsHave() throws Exception {
    Path dets = detections("nojpg.jsonl", c -> c, (g, n) -> g.sourceId().replace(".jpg", ""), b -> b);
    String first = val.get(0).sourceId();
    assertRefusedInOneLine(evalRun(dets, "e-nojpg"), val.size() + " of " + val.size() + " images",
        "'" + first.replace(".jpg", "") + "', the records have '" + first + "'");
  }

  @Test
  void invertedBoxesAreRefusedAsSuch() throws Exception {
    Path dets = detections("inverted.jsonl", c -> c, (g, n) -> g.sourceId(), b -> new float[] {b[2], b[1], b[0], b[3]});
    assertRefusedInOneLine(evalRun(dets, "e-inverted"), "ymin > ymax");
  }

  @Test
  void anEmptyDetectionsFileIsRefused() throws Exception {
    Path dets = tmp.resolve("nothing.jsonl");
    Files.writeString(dets, "\n\n");
    assertRefusedInOneLine(evalRun(dets, "e-nothing"), "nothing.jsonl", "holds no detections");
  }

  @Test
  void aDirectoryGivenAsTheDetectionsFileIsCalledOne() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("dets-dir"));
    assertRefusedInOneLine(evalRun(dir, "e-dir"), "dets-dir", "is a directory");
  }
}
