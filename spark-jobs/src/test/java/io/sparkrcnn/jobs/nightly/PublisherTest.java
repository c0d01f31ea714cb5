package io.sparkrcnn.jobs.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.io.testing.LocalFs;
import io.sparkrcnn.jobs.UserError;
import io.sparkrcnn.jobs.testing.FaultyFileSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing into a model_dir on {@code faulty://} (the local filesystem with injected write failures). */
class PublisherTest {
  @TempDir Path tmp;
  private Path modelDir;
  private ModelDir model;

  @BeforeEach
  void modelDirOnFaultyFs() throws Exception {
    Configuration conf = new Configuration();
    FaultyFileSystem.register(conf);
    modelDir = tmp.resolve("model");
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path("faulty://" + modelDir);
    FileSystem fs = path.getFileSystem(conf);
    model = new ModelDir(fs, path);
  }

  @AfterEach
  void noMoreFailures() {
    FaultyFileSystem.failuresLeft.set(0);
    FaultyFileSystem.failAfterBytes = -1;
    FaultyFileSystem.failOn = "never";
  }

  /** A run's export (two files, one in a folder), checkpoint and metrics, each file holding {@code tag}. */
  private Publisher.RunModel run(String tag) throws IOException {
    Path run = Files.createDirectories(tmp.resolve("runs").resolve(tag));
    Files.createDirectories(run.resolve("export/saved_model"));
    Files.writeString(run.resolve("export/frozen_inference_graph.pb"), "graph " + tag);
    Files.writeString(run.resolve("export/saved_model/saved_model.pb"), "saved " + tag);
    Files.createDirectories(run.resolve("train"));
    Files.writeString(run.resolve("train/model.ckpt-4"), "checkpoint " + tag);
    Files.createDirectories(run.resolve("eval"));
    Files.writeString(run.resolve("eval/metrics.json"), "{\"tag\": \"" + tag + "\"}");
    return new Publisher.RunModel(LocalFs.get(), LocalFs.path(run.resolve("export")),
        LocalFs.path(run.resolve("train/model.ckpt-4")), LocalFs.path(run.resolve("eval/metrics.json")));
  }

  private List<String> tree() throws IOException {
    try (Stream<Path> s = Files.walk(modelDir)) {
      return s.filter(Files::isRegularFile).map(p -> {
        try {
          return modelDir.relativize(p) + "=" + Files.readString(p).strip();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).sorted().toList();
    }
  }

  @Test
  void aVersionHoldsTheExportTheCheckpointWithItsIndexAndTheMetricsAndCurrentNamesIt() throws Exception {
    assertNull(model.current(), "nothing published");
    new Publisher(model).publish("v1", run("v1"));
    assertEquals(List.of("current=v1", "versions/v1/checkpoint=model_checkpoint_path: \"model.ckpt-4\"\n"
        + "all_model_checkpoint_paths: \"model.ckpt-4\"", "versions/v1/frozen_inference_graph.pb=graph v1",
        "versions/v1/metrics.json={\"tag\": \"v1\"}", "versions/v1/model.ckpt-4=checkpoint v1",
        "versions/v1/saved_model/saved_model.pb=saved v1"), tree());
    assertEquals("v1", model.current());
    assertTrue(model.checkpoint("v1").toString().endsWith("/versions/v1/model.ckpt-4"), model.checkpoint("v1")
        .toString());

    new Publisher(model).publish("v2", run("v2"));
    assertEquals("v2", model.current());
    assertEquals(11, tree().size(), "both versions, whole, and current: " + tree());
  }

  @Test
  void aFailureWhileCopyingLeavesCurrentAndTheVersionsAsTheyWereAndNoStaging() throws Exception {
    new Publisher(model).publish("v1", run("v1"));
    List<String> before = tree();
    FaultyFileSystem.failOn = "model.ckpt";
    FaultyFileSystem.failuresLeft.set(1);
    IOException e = assertThrows(IOException.class, () -> new Publisher(model).publish("v2", run("v2")));
    assertTrue(e.getMessage().contains("injected failure"), e.getMessage());
    assertEquals(before, tree());
    assertEquals(List.of("v1"), versionFolders(), "no staging folder left");

    new Publisher(model).publish("v2", run("v2"));
    assertEquals("v2", model.current(), "a retry publishes");
  }

  @Test
  void aFailureWritingCurrentLeavesItNamingTheOldVersionAndARetryOnlySwitches() throws Exception {
    new Publisher(model).publish("v1", run("v1"));
    FaultyFileSystem.failOn = ".current.";
    FaultyFileSystem.failAfterBytes = 1; // a partial temporary file, as a kill mid-write leaves
    FaultyFileSystem.failuresLeft.set(1);
    assertThrows(IOException.class, () -> new Publisher(model).publish("v2", run("v2")));
    assertEquals("v1", model.current());
    assertEquals("v1", Files.readString(modelDir.resolve("current")).strip());
    assertEquals(List.of("v1", "v2"), versionFolders(), "v2 is whole in place, not current");
    try (Stream<Path> s = Files.list(modelDir)) {
      assertEquals(List.of("current", "versions"), s.map(p -> p.getFileName().toString()).sorted().toList());
    }

    Path inPlace = modelDir.resolve("versions/v2/model.ckpt-4");
    Files.setLastModifiedTime(inPlace, java.nio.file.attribute.FileTime.fromMillis(86_400_000L));
    new Publisher(model).publish("v2", run("v2"));
    assertEquals("v2", model.current());
    assertEquals(86_400_000L, Files.getLastModifiedTime(inPlace).toMillis(), "the whole version in place is kept");
  }

  @Test
  void aPartialVersionLeftByACopyingRenameIsPublishedAgainWhole() throws Exception {
    new Publisher(model).publish("v1", run("v1"));
    Publisher.RunModel v2 = run("v2");
    Files.createDirectories(modelDir.resolve("versions/v2/saved_model"));
    Files.writeString(modelDir.resolve("versions/v2/frozen_inference_graph.pb"), "graph v2");
    Files.writeString(modelDir.resolve("versions/v2/model.ckpt-4"), "check"); // cut short
    new Publisher(model).publish("v2", v2);
    assertEquals("v2", model.current());
    assertTrue(tree().containsAll(List.of("versions/v2/model.ckpt-4=checkpoint v2",
        "versions/v2/saved_model/saved_model.pb=saved v2", "versions/v2/metrics.json={\"tag\": \"v2\"}")), tree()
        .toString());
  }

  @Test
  void aCurrentMovedAsideByAKilledSwitchIsPutBack() throws Exception {
    new Publisher(model).publish("v1", run("v1"));
    Path aside = modelDir.resolve(".current.replaced-" + java.util.UUID.randomUUID());
    Files.move(modelDir.resolve("current"), aside);
    assertEquals("v1", model.current());
    assertEquals("v1", Files.readString(modelDir.resolve("current")).strip());
    assertFalse(Files.exists(aside));
  }

  @Test
  void aCurrentNamingNoVersionIsAUserError() throws Exception {
    Files.createDirectories(modelDir.resolve("versions/v1"));
    Files.writeString(modelDir.resolve("current"), "v9\n");
    UserError e = assertThrows(UserError.class, () -> model.current());
    assertTrue(e.getMessage().contains("current names 'v9', which is not a version in "), e.getMessage());
    Files.writeString(modelDir.resolve("current"), "v1\n");
    assertEquals("v1", model.current());
    e = assertThrows(UserError.class, () -> model.checkpoint("v1"));
    assertTrue(e.getMessage().contains("versions/v1 holds no model.ckpt-N"), e.getMessage());
  }

  private List<String> versionFolders() throws IOException {
    try (Stream<Path> s = Files.list(modelDir.resolve("versions"))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
