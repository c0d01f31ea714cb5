package io.sparkrcnn.jobs.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkrcnn.io.testing.LocalFs;
import io.sparkrcnn.jobs.DirLock;
import io.sparkrcnn.jobs.testing.Cli;
import io.sparkrcnn.jobs.testing.ShippedConfigs;
import io.sparkrcnn.jobs.testing.SparkSubmitProcess;
import io.sparkrcnn.model.checkpoint.Checkpoints;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "Done when" for {@code sparkrcnn nightly}, in local mode through the command line, on a synthetic
 * dataset that grows: the first run publishes; a second with an unreachable --min_improvement exits 3 and leaves
 * current and the versions as they were; a run started while another holds the lock is refused in one line; a run
 * killed (SIGKILL) mid-training under spark-submit leaves a stale lock, and the rerun takes it over and resumes the
 * same run's training from its last checkpoint. The tiny model need not learn: min_improvement drives the decisions.
 */
@Tag("slow")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NightlyCommandIT {
  @TempDir static Path tmp;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static String first;

  private static Path pets() {
    return tmp.resolve("pets");
  }

  private static Path work() {
    return tmp.resolve("work");
  }

  private static Path model() {
    return tmp.resolve("model");
  }

  private static List<String> nightlyArgs(String... more) {
    List<String> args = new ArrayList<>(List.of("nightly", "--data_dir", pets().toString(), "--pipeline_config_path",
        ShippedConfigs.path("tiny_pets.config").toString(), "--work_dir", work().toString(), "--model_dir",
        model().toString(), "--num_train_steps", "2", "--save_checkpoints_steps", "2"));
    args.addAll(Arrays.asList(more));
    return args;
  }

  private static Cli.Run nightly(String... more) {
    return Cli.run(nightlyArgs(more).toArray(String[]::new));
  }

  private static void synth(int imagesPerClass, String... more) {
    List<String> args = new ArrayList<>(List.of("synth", "--output_dir", pets().toString(), "--num_classes", "3",
        "--images_per_class", String.valueOf(imagesPerClass), "--image_size", "96x72"));
    args.addAll(Arrays.asList(more));
    Cli.Run r = Cli.run(args.toArray(String[]::new));
    assertEquals(0, r.exit(), r.err());
  }

  private static JsonNode runRecord(String id) throws Exception {
    return JSON.readTree(work().resolve("runs").resolve(id).resolve(RunRecord.NAME).toFile());
  }

  private static String current() throws Exception {
    return Files.readString(model().resolve(ModelDir.CURRENT)).strip();
  }

  private static List<String> list(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Every file under {@code dir} with its size and modification time, to compare before and after. */
  private static List<String> snapshot(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).map(p -> {
        try {
          return dir.relativize(p) + " " + Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).sorted().toList();
    }
  }

  @Test
  @Order(1)
  void theFirstRunPublishesItsVersionAndRecordsTheRun() throws Exception {
    synth(12);
    long start = System.nanoTime();
    Cli.Run r = nightly();
    System.out.printf("first nightly run: %.1f s%n", (System.nanoTime() - start) / 1e9);
    assertEquals(0, r.exit(), r.out() + r.err());
    first = list(work().resolve("runs")).get(0);
    assertEquals(first, current());
    assertEquals(List.of(first), list(model().resolve(ModelDir.VERSIONS)));
    List<String> version = list(model().resolve(ModelDir.VERSIONS).resolve(first));
    for (String file : List.of("frozen_inference_graph.pb", "saved_model", "model.dl4j.zip", "pipeline.config",
        "label_map.pbtxt", "model.ckpt-2", "checkpoint", "metrics.json")) {
      assertTrue(version.contains(file), file + " in " + version);
    }
    assertEquals(List.of(ModelDir.CURRENT, ModelDir.VERSIONS), list(model()), "the lock is released");
    JsonNode rec = runRecord(first);
    assertEquals("published", rec.get("status").asText());
    assertEquals(0, rec.get("exit_status").asInt());
    assertTrue(rec.get("decision").get("publish").asBoolean());
    assertEquals("nothing is published yet", rec.get("decision").get("reason").asText());
    assertEquals(first, rec.get("decision").get("current_version").asText());
    assertTrue(rec.get("map_at_0_5").get("published").isNull());
    double map = rec.get("map_at_0_5").get("new").asDouble();
    assertTrue(map >= 0 && map <= 1, rec.toString());
    assertEquals(map, JSON.readTree(model().resolve(ModelDir.VERSIONS).resolve(first).resolve("metrics.json")
        .toFile()).get(RunRecord.MAP_KEY).asDouble());
    JsonNode inputs = rec.get("inputs");
    assertEquals(12 + 6, inputs.get("records").get("train").asLong() + inputs.get("records").get("val").asLong());
    assertTrue(inputs.get("starting_checkpoint").isNull(), "from scratch");
    assertEquals(2, rec.get("train").get("step").asLong());
    for (String step : List.of("convert", "train", "eval", "export", "publish")) {
      assertTrue(rec.get("durations_s").get(step).asDouble() > 0, step + " in " + rec.get("durations_s"));
    }
    assertFalse(rec.get("durations_s").has("eval_published"));
    assertTrue(r.out().contains("current: " + first), r.out());
  }

  @Test
  @Order(2)
  void aSecondRunOnMoreDataThatIsNotBetterEnoughExits3AndLeavesThePublishedModelUntouched() throws Exception {
    List<String> before = snapshot(model());
    synth(16, "--overwrite");
    long start = System.nanoTime();
    Cli.Run r = nightly("--min_improvement", "1.0");
    System.out.printf("second nightly run: %.1f s%n", (System.nanoTime() - start) / 1e9);
    assertEquals(3, r.exit(), r.out() + r.err());
    assertEquals(before, snapshot(model()), "current and the versions unchanged");
    assertEquals(first, current());
    List<String> runs = list(work().resolve("runs"));
    assertEquals(2, runs.size());
    String second = runs.get(1);
    assertNotEquals(first, second);
    JsonNode rec = runRecord(second);
    assertEquals("not_promoted", rec.get("status").asText());
    assertEquals(3, rec.get("exit_status").asInt());
    assertFalse(rec.get("decision").get("publish").asBoolean());
    assertTrue(rec.get("decision").get("reason").asText().contains("min_improvement 1.0"), rec.toString());
    assertEquals(first, rec.get("map_at_0_5").get("published_version").asText());
    assertTrue(rec.get("map_at_0_5").get("published").isNumber(), rec.toString());
    assertTrue(rec.get("durations_s").get("eval_published").asDouble() > 0);
    JsonNode inputs = rec.get("inputs");
    assertEquals(16 * 3 / 2, inputs.get("records").get("train").asLong() + inputs.get("records").get("val").asLong(),
        "the grown dataset");
    assertTrue(inputs.get("starting_checkpoint").asText().endsWith("versions/" + first + "/model.ckpt-2"),
        inputs.toString());
    assertTrue(r.out().contains("fine-tuning from") && r.out().contains("(detection checkpoint)"), r.out());
  }

  @Test
  @Order(3)
  void aRunStartedWhileAnotherHoldsTheLockIsRefusedInOneLine() throws Exception {
    List<String> runs = list(work().resolve("runs"));
    StringWriter log = new StringWriter();
    try (DirLock held = NightlyLock.acquire(LocalFs.get(), LocalFs.path(model()), new PrintWriter(log))) {
      Cli.Run r = nightly();
      Cli.assertRefusedInOneLine(r, "nightly.lock is held by another nightly run", "pid "
          + ProcessHandle.current().pid(), "wait for it to end");
    }
    assertEquals(runs, list(work().resolve("runs")), "no run started");
    assertEquals(first, current());
  }

  @Test
  @Order(4)
  void aRunKilledMidTrainingIsResumedByTheNextOneWhichTakesOverItsStaleLock() throws Exception {
    List<String> before = list(work().resolve("runs"));
    List<String> args = nightlyArgs("--min_improvement", "1.0");
    args.set(args.indexOf("--num_train_steps") + 1, "8");
    Path log = tmp.resolve("killed.log");
    Process child = SparkSubmitProcess.start(log, Map.of(), List.of("--master", "local[2]"),
        args.toArray(String[]::new));
    Path trainDir = null;
    try {
      long deadline = System.currentTimeMillis() + 300_000;
      while (trainDir == null && child.isAlive() && System.currentTimeMillis() < deadline) {
        trainDir = newRunTrainDir(before);
        if (trainDir != null && !Files.exists(trainDir.resolve("model.ckpt-2"))) {
          trainDir = null;
        }
        Thread.sleep(10);
      }
      assertTrue(trainDir != null, "the child wrote its first checkpoint: " + Files.readString(log));
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hook runs, the lock stays
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    }
    String id = trainDir.getParent().getFileName().toString();
    String lock = Files.readString(model().resolve(NightlyLock.NAME));
    assertTrue(lock.contains("pid: " + child.pid()), lock);
    JsonNode killed = runRecord(id);
    assertEquals("running", killed.get("status").asText());
    long killedAt = Checkpoints.stepOf(new Checkpoints(LocalFs.get(), LocalFs.path(trainDir), 5).latest());
    assertTrue(killedAt >= 2 && killedAt < 8, "killed mid-training, at step " + killedAt);

    Cli.Run r = Cli.run(args.toArray(String[]::new));
    assertEquals(3, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("took over " + LocalFs.get().makeQualified(LocalFs.path(model()
        .resolve(NightlyLock.NAME)))), r.out());
    assertTrue(r.out().contains("resuming run " + id), r.out());
    assertTrue(r.out().contains("resuming from " + LocalFs.get().makeQualified(LocalFs.path(trainDir.resolve(
        "model.ckpt-" + killedAt))) + " (step " + killedAt + ")"), r.out());
    assertFalse(r.out().contains("fine-tuning from"), "resumed, not restarted: " + r.out());
    assertEquals(before.size() + 1, list(work().resolve("runs")).size(), "the same run, no new one");
    JsonNode rec = runRecord(id);
    assertEquals(2, rec.get("attempts").asInt());
    assertEquals(killedAt, rec.get("train").get("resumed_from_step").asLong());
    assertEquals(8, rec.get("train").get("step").asLong());
    assertEquals("not_promoted", rec.get("status").asText());
    assertEquals(first, current());
    assertFalse(Files.exists(model().resolve(NightlyLock.NAME)));
  }

  private static Path newRunTrainDir(List<String> before) throws Exception {
    Path runs = work().resolve("runs");
    for (String id : list(runs)) {
      if (!before.contains(id)) {
        return runs.resolve(id).resolve("train");
      }
    }
    return null;
  }
}
