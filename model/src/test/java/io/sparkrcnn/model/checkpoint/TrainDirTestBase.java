package io.sparkrcnn.model.checkpoint;

import io.sparkrcnn.io.fs.FileSystems;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.detector.FasterRcnnGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** A train dir in a temporary directory and the tiny config's graph, for the tests of checkpoint files. */
abstract class TrainDirTestBase {
  static ComputationGraph g;

  @TempDir
  java.nio.file.Path tmp;

  @BeforeAll
  static void tinyGraph() throws Exception {
    PipelineSettings s = PipelineSettings.parse(Files.readString(
        java.nio.file.Path.of("../cluster-configs/pipelines/tiny_pets.config")), "tiny");
    g = FasterRcnnGraph.build(s.model(), s.train(), 1);
  }

  Path dir() {
    return new Path(tmp.toUri().toString(), "train");
  }

  Checkpoints checkpoints(int keep) throws IOException {
    return new Checkpoints(FileSystems.of(dir(), new Configuration()), dir(), keep);
  }

  /** Writes checkpoints at these steps, each with its step as iteration count. */
  Checkpoints written(long... steps) throws IOException {
    Checkpoints c = checkpoints(5);
    for (long step : steps) {
      g.getConfiguration().setIterationCount((int) step);
      c.write(g, step);
    }
    return c;
  }

  java.nio.file.Path file(String name) {
    return tmp.resolve("train").resolve(name);
  }

  void truncate(String name) throws IOException {
    byte[] bytes = Files.readAllBytes(file(name));
    Files.write(file(name), Arrays.copyOf(bytes, bytes.length / 2));
  }
}
