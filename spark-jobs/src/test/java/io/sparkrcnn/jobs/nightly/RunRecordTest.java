package io.sparkrcnn.jobs.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkrcnn.io.testing.LocalFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunRecordTest {
  @TempDir Path tmp;

  private List<String> files() throws IOException {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.map(p -> p.getFileName().toString()).toList();
    }
  }

  @Test
  void aRecordIsWrittenWholeAndReadBackAcrossAttempts() throws Exception {
    RunRecord r = RunRecord.start("20261201T220000Z");
    r.attemptStarted(Instant.parse("2026-12-01T22:00:00Z"));
    r.inputs().put("data_dir", "file:/data/pets");
    r.inputs().putObject("records").put("train", 12).put("val", 6);
    r.addDuration("convert", 1.25);
    r.addDuration("train", 10);
    r.write(LocalFs.get(), LocalFs.path(tmp));
    assertEquals(List.of(RunRecord.NAME), files(), "no temporary file left");

    RunRecord resumed = RunRecord.read(LocalFs.get(), LocalFs.path(tmp));
    assertFalse(resumed.finished());
    assertNull(resumed.exitStatus());
    assertEquals("running", resumed.status());
    resumed.attemptStarted(Instant.parse("2026-12-01T23:00:00Z"));
    resumed.addDuration("train", 5.5);
    resumed.train().put("resumed_from_step", 4);
    resumed.maps(0.25, null, null);
    resumed.decision(Decision.of(0.25, null, 0), 0, "20261201T220000Z");
    resumed.finish("published", 0, null, Instant.parse("2026-12-01T23:30:00Z"));
    resumed.write(LocalFs.get(), LocalFs.path(tmp));

    JsonNode json = new ObjectMapper().readTree(tmp.resolve(RunRecord.NAME).toFile());
    assertEquals("20261201T220000Z", json.get("run_id").asText());
    assertEquals(2, json.get("attempts").asInt());
    assertEquals("2026-12-01T22:00:00Z", json.get("started").asText(), "the first attempt's start");
    assertEquals("2026-12-01T23:30:00Z", json.get("ended").asText());
    assertEquals(15.5, json.get("durations_s").get("train").asDouble(), "summed over the attempts");
    assertEquals(1.25, json.get("durations_s").get("convert").asDouble());
    assertEquals(12, json.get("inputs").get("records").get("train").asInt());
    assertEquals(0.25, json.get("map_at_0_5").get("new").asDouble());
    assertTrue(json.get("map_at_0_5").get("published").isNull());
    assertTrue(json.get("decision").get("publish").asBoolean());
    assertEquals(0, json.get("exit_status").asInt());
    assertFalse(json.has("error"));
    assertTrue(RunRecord.read(LocalFs.get(), LocalFs.path(tmp)).finished());
  }

  @Test
  void undefinedMapsAreNullAndAFailedRunKeepsItsError() throws Exception {
    RunRecord r = RunRecord.start("x");
    r.maps(Double.NaN, Double.NaN, "v1");
    r.finish("failed", 1, "cannot rename a to b", Instant.EPOCH);
    r.write(LocalFs.get(), LocalFs.path(tmp));
    JsonNode json = new ObjectMapper().readTree(tmp.resolve(RunRecord.NAME).toFile());
    assertTrue(json.get("map_at_0_5").get("new").isNull());
    assertTrue(json.get("map_at_0_5").get("published").isNull());
    assertEquals("v1", json.get("map_at_0_5").get("published_version").asText());
    assertEquals("cannot rename a to b", json.get("error").asText());
    assertEquals(1, RunRecord.read(LocalFs.get(), LocalFs.path(tmp)).exitStatus());
  }

  @Test
  void aMissingRecordIsNullAndAForeignFileIsRefused() throws Exception {
    assertNull(RunRecord.read(LocalFs.get(), LocalFs.path(tmp)));
    Files.writeString(tmp.resolve(RunRecord.NAME), "{\"something\": 1}");
    IOException e = assertThrows(IOException.class, () -> RunRecord.read(LocalFs.get(), LocalFs.path(tmp)));
    assertTrue(e.getMessage().endsWith("is not a nightly run record"), e.getMessage());
  }
}
