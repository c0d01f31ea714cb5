package io.sparkrcnn.model.checkpoint;

import io.sparkrcnn.io.fs.FileSystems;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.detector.FasterRcnnGraph;
import io.sparkrcnn.model.trainable.ParameterScopes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** A tiny detection checkpoint to fine-tune from, a train dir per test, and the log {@link StartingGraph} writes. */
abstract class StartingGraphTestBase {
  static String tinyText;
  /** A 37-class tiny detection checkpoint (seed 1), the fine-tuning source. */
  static Path source;
  static ComputationGraph sourceGraph;

  @TempDir
  static java.nio.file.Path shared;

  @TempDir
  java.nio.file.Path tmp;

  final StringWriter log = new StringWriter();

  @BeforeAll
  static void sourceCheckpoint() throws Exception {
    tinyText = Files.readString(java.nio.file.Path.of("../cluster-configs/pipelines/tiny_pets.config"));
    PipelineSettings pets = PipelineSettings.parse(tinyText, "tiny");
    sourceGraph = FasterRcnnGraph.build(pets.model(), pets.train(), 1);
    Path dir = new Path(shared.toUri().toString(), "source");
    source = new Checkpoints(FileSystems.of(dir, new Configuration()), dir, 1).write(sourceGraph, 3);
  }

  /** The tiny config with 5 classes and these lines at the top of train_config. */
  static PipelineSettings fiveClasses(String trainFields) {
    return PipelineSettings.parse(tinyText.replace("num_classes: 37", "num_classes: 5")
        .replace("train_config: {\n", "train_config: {\n" + trainFields + "\n"), "five.config");
  }

  Checkpoints trainDir() throws Exception {
    Path dir = new Path(tmp.toUri().toString(), "train");
    return new Checkpoints(FileSystems.of(dir, new Configuration()), dir, 5);
  }

  ComputationGraph create(PipelineSettings s, Checkpoints c, ParameterScopes exclude,
      ParameterScopes trainable) throws Exception {
    return StartingGraph.create(s, c, 2, new PrintWriter(log), exclude, trainable);
  }
}
