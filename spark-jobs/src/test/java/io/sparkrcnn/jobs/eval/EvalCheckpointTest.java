package io.sparkrcnn.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.io.testing.LocalFs;
import io.sparkrcnn.io.tfrecord.Compression;
import io.sparkrcnn.io.tfrecord.TfRecordWriter;
import io.sparkrcnn.jobs.testing.Cli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** eval --checkpoint_dir on records made by convert: missing and damaged checkpoints, and one that is scored. */
class EvalCheckpointTest {
  @TempDir static Path tmp;
  static Path config;

  @BeforeAll
  static void recordsAndConfig() throws Exception {
    Path records = Cli.syntheticRecords(tmp, 5, 4, "64x48");
    config = tmp.resolve("pipeline.config");
    Files.writeString(config, Files.readString(Path.of("..", "cluster-configs", "pipelines", "tiny_pets.config"))
        .replace("PATH_TO_BE_CONFIGURED", records.toString()));
  }

  @Test
  void aCheckpointDirWithoutCheckpointsIsNamed() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("no-training-yet"));
    Cli.Run run = Cli.run("eval", "--pipeline_config_path", config.toString(), "--eval_dir",
        tmp.resolve("e6").toString(), "--checkpoint_dir", empty.toString());
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("no-training-yet") && run.err().contains("checkpoint"), run.err());
  }

  @Test
  void aTruncatedCheckpointIsOneLineNamingItAndOneWithoutIndexIsEvaluatedWithAWarning() throws Exception {
    var settings = io.sparkrcnn.model.config.PipelineSettings.parse(Files.readString(config), config.toString());
    var graph = io.sparkrcnn.model.detector.FasterRcnnGraph.build(settings.model(), settings.train(), 1);
    Path dir = tmp.resolve("train-damaged");
    var checkpoints = new io.sparkrcnn.model.checkpoint.Checkpoints(LocalFs.get(), LocalFs.path(dir), 5);
    checkpoints.write(graph, 1);
    Path file = dir.resolve("model.ckpt-1");
    Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(file), 2000));
    Cli.Run run = Cli.run("eval", "--pipeline_config_path", config.toString(), "--eval_dir",
        tmp.resolve("e8").toString(), "--checkpoint_dir", dir.toString());
    assertEquals(2, run.exit(), run.out() + run.err());
    assertEquals(1, run.err().strip().lines().count(), run.err());
    assertTrue(run.err().contains(LocalFs.path(file) + ", the index's latest, is cut short or damaged ("), run.err());
    assertTrue(run.err().contains("restore the files from a copy"), run.err());

    checkpoints.write(graph, 1);
    Files.delete(dir.resolve("checkpoint"));
    run = Cli.run("eval", "--pipeline_config_path", config.toString(), "--eval_dir", tmp.resolve("e9").toString(),
        "--checkpoint_dir", dir.toString());
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().startsWith("warning: file:" + dir + " has model.ckpt-<step> files but no"
        + " 'checkpoint' index"), run.out());
    assertTrue(run.out().contains("images scored: " + LocalFs.path(file) + " (step 1)"), run.out());
  }

  @Test
  void theFirstNumExamplesRecordsAreScoredOnTheExecutors() throws Exception {
    Path dir = checkpoint("train-few");
    Path few = tmp.resolve("few.config");
    Files.writeString(few, Files.readString(config).replace("num_examples: 180", "num_examples: 3"));
    Cli.Run run = Cli.run("eval", "--pipeline_config_path", few.toString(), "--eval_dir", tmp.resolve("e10").toString(),
        "--checkpoint_dir", dir.toString());
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().startsWith("3 images scored: " + LocalFs.path(dir.resolve("model.ckpt-1")) + " (step 1)"),
        run.out());
    assertTrue(Files.exists(tmp.resolve("e10").resolve(MetricsFile.NAME)));
  }

  @Test
  void aRecordThatIsNotAnExampleIsOneLineNamingItsFileAndNumber() throws Exception {
    Path junk = Files.createDirectories(tmp.resolve("junk-records")).resolve("val.record-00000-of-00001");
    try (TfRecordWriter w = TfRecordWriter.create(LocalFs.get(), LocalFs.path(junk), Compression.NONE)) {
      w.write("this is not an example".getBytes(StandardCharsets.UTF_8));
    }
    Path cfg = tmp.resolve("junk.config");
    String text = Files.readString(config);
    int eval = text.indexOf("eval_input_reader");
    String evalPath = text.substring(text.indexOf("input_path: \"", eval) + 13, text.indexOf("\"", text.indexOf(
        "input_path: \"", eval) + 13));
    Files.writeString(cfg, text.substring(0, eval) + text.substring(eval).replace(evalPath, junk.toString()));
    Cli.Run run = Cli.run("eval", "--pipeline_config_path", cfg.toString(), "--eval_dir", tmp.resolve("e11").toString(),
        "--checkpoint_dir", checkpoint("train-junk").toString());
    assertEquals(2, run.exit(), run.out() + run.err());
    assertEquals(1, run.err().strip().lines().count(), run.err());
    assertTrue(run.err().contains(junk + ": record 1 is not a usable tf.train.Example"), run.err());
  }

  /** A fresh model of the config checkpointed at step 1 into {@code name}. */
  private static Path checkpoint(String name) throws Exception {
    var settings = io.sparkrcnn.model.config.PipelineSettings.parse(Files.readString(config), config.toString());
    var graph = io.sparkrcnn.model.detector.FasterRcnnGraph.build(settings.model(), settings.train(), 1);
    Path dir = tmp.resolve(name);
    new io.sparkrcnn.model.checkpoint.Checkpoints(LocalFs.get(), LocalFs.path(dir), 5).write(graph, 1);
    return dir;
  }
}
