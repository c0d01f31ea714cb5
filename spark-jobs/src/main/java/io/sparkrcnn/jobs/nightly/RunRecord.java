package io.sparkrcnn.jobs.nightly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkrcnn.io.fs.AtomicWrite;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code runs/<run-id>/run.json}, the record of one nightly run, rewritten whole (temporary file and rename) after
 * each step: the run id, its status ({@code running} until it ends, then {@code published}, {@code not_promoted},
 * {@code user_error} or {@code failed}) with the exit status and the error when it ends, start and end times, how
 * many times it was started (a rerun after a crash resumes it), its {@code inputs} (data_dir, records per split,
 * template and run config, steps, min_improvement, starting checkpoint), {@code train} (steps reached and resumed
 * from, loss), both mAPs, the decision and {@code durations_s} per step (summed over the attempts). A run whose
 * record has an exit status is finished.
 */
public final class RunRecord {
  public static final String NAME = "run.json";
  public static final String MAP_KEY = "PascalBoxes_Precision/mAP@0.5IOU";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final ObjectNode root;

  private RunRecord(ObjectNode root) {
    this.root = root;
  }

  /** A new run's record. */
  public static RunRecord start(String runId) {
    ObjectNode root = JSON.createObjectNode();
    root.put("run_id", runId);
    root.put("status", "running");
    root.put("attempts", 0);
    root.putObject("inputs");
    root.putObject("train");
    root.putObject("map_at_0_5");
    root.putObject("durations_s");
    return new RunRecord(root);
  }

  /** The record in {@code runDir}, or null when there is none. */
  public static RunRecord read(FileSystem fs, Path runDir) throws IOException {
    try (InputStream in = fs.open(new Path(runDir, NAME))) {
      JsonNode node = JSON.readTree(in);
      if (!(node instanceof ObjectNode object) || !object.has("run_id")) {
        throw new IOException(new Path(runDir, NAME) + " is not a nightly run record");
      }
      return new RunRecord(object);
    } catch (FileNotFoundException e) {
      return null;
    }
  }

  /** Writes the record into {@code runDir} whole or not at all. */
  public Path write(FileSystem fs, Path runDir) throws IOException {
    return AtomicWrite.write(fs, new Path(runDir, NAME), JSON.writeValueAsBytes(root));
  }

  public String runId() {
    return root.get("run_id").asText();
  }

  /** Whether the run ended (with any exit status); a run that did not is resumed by the next nightly. */
  public boolean finished() {
    return root.has("exit_status");
  }

  /** The exit status the run ended with, or null while it has not ended. */
  public Integer exitStatus() {
    return finished() ? root.get("exit_status").asInt() : null;
  }

  public String status() {
    return root.get("status").asText();
  }

  public int attempts() {
    return root.get("attempts").asInt();
  }

  /** Notes that an attempt begins now (the first, or a resume). */
  public void attemptStarted(Instant now) {
    if (!root.has("started")) {
      root.put("started", now.toString());
    }
    root.put("attempts", attempts() + 1);
  }

  /** The inputs of the run, to fill in (data_dir, records, config…). */
  public ObjectNode inputs() {
    return (ObjectNode) root.get("inputs");
  }

  /** What training did, to fill in (step, resumed_from_step, loss). */
  public ObjectNode train() {
    return (ObjectNode) root.get("train");
  }

  /** Adds {@code seconds} to the duration of {@code step}. */
  public void addDuration(String step, double seconds) {
    ObjectNode d = (ObjectNode) root.get("durations_s");
    double before = d.has(step) ? d.get(step).asDouble() : 0;
    d.put(step, Math.round((before + seconds) * 1000) / 1000.0);
  }

  /** The seconds spent in {@code step} so far, or null when it has not run. */
  public Double duration(String step) {
    JsonNode d = root.get("durations_s").get(step);
    return d == null ? null : d.asDouble();
  }

  /** The run's model's mAP@0.5 and the published model's ({@code null}: nothing published), NaN as null. */
  public void maps(double newMap, Double publishedMap, String publishedVersion) {
    ObjectNode m = (ObjectNode) root.get("map_at_0_5");
    putNumber(m, "new", newMap);
    if (publishedMap == null) {
      m.putNull("published");
    } else {
      putNumber(m, "published", publishedMap);
    }
    m.put("published_version", publishedVersion);
  }

  /** The decision, and the version that is current after it. */
  public void decision(Decision d, double minImprovement, String currentVersion) {
    ObjectNode node = root.putObject("decision");
    node.put("publish", d.publish());
    node.put("reason", d.reason());
    node.put("min_improvement", minImprovement);
    node.put("current_version", currentVersion);
  }

  /** The decision as written, or null before there is one. */
  public JsonNode decision() {
    return root.get("decision");
  }

  /** Ends the record: {@code status}, {@code exitStatus} and, for a failed run, its error in one line. */
  public void finish(String status, int exitStatus, String error, Instant now) {
    root.put("status", status);
    root.put("exit_status", exitStatus);
    if (error != null) {
      root.put("error", error);
    }
    root.put("ended", now.toString());
  }

  /** The record as a JSON tree (read-only use). */
  public JsonNode json() {
    return root;
  }

  private static void putNumber(ObjectNode node, String key, double value) {
    if (Double.isNaN(value)) {
      node.putNull(key);
    } else {
      node.put(key, value);
    }
  }
}
