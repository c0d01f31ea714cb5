package io.sparkrcnn.jobs.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkrcnn.io.testing.LocalFs;
import io.sparkrcnn.jobs.testing.Cli;
import io.sparkrcnn.jobs.testing.ShippedConfigs;
import io.sparkrcnn.model.checkpoint.Checkpoints;
import io.sparkrcnn.model.detector.FasterRcnnGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The export ITs' shared fixture, made once per test JVM: synthesised records, a tiny checkpoint of four training
 * steps made decisive (model.ckpt-5), and its export by the command line with {@link #OVERRIDE}; the temporary
 * folder goes when the JVM exits.
 */
final class TrainedExport {
  static final String OVERRIDE = "eval_config { num_examples: 5 }";
  static Path tmp;
  static Path records;
  static Path config;
  static Path trainDir;
  static Path export;
  static Cli.Run run;
  static long exportMillis;

  private TrainedExport() {}

  static synchronized void ensure() throws Exception {
    if (run != null) {
      return;
    }
    tmp = Files.createTempDirectory("sparkrcnn-export-it");
    Runtime.getRuntime().addShutdownHook(new Thread(TrainedExport::delete));
    records = Cli.syntheticRecords(tmp, 3, 12, "96x72");
    config = ShippedConfigs.write("tiny_pets.config", records.toString(), tmp.resolve("tiny.config"));
    trainDir = tmp.resolve("train");
    Cli.Run train = Cli.run("train", "--pipeline_config_path", config.toString(), "--train_dir", trainDir.toString(),
        "--num_train_steps", "4", "--save_checkpoints_steps", "4", "--log_every_n_steps", "2");
    assertEquals(0, train.exit(), train.err());
    decisive();
    export = tmp.resolve("export");
    long start = System.nanoTime();
    Cli.Run r = Cli.run("export", "--pipeline_config_path", config.toString(), "--trained_checkpoint_prefix",
        trainDir.resolve("model.ckpt-5").toString(), "--output_directory", export.toString(), "--config_override",
        OVERRIDE);
    exportMillis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(0, r.exit(), r.out() + r.err());
    System.out.println(r.out() + "export took " + exportMillis + " ms");
    run = r;
  }

  /**
   * The trained checkpoint with decisive weights (objectness and class logits of order 1, as DetectorGraphDefTest's),
   * written as model.ckpt-5: four steps leave the scores of 300 detections within 1e-3 of each other, too close to
   * compare detections across runtimes; the batch norms keep their trained statistics.
   */
  private static void decisive() throws Exception {
    Checkpoints checkpoints = new Checkpoints(LocalFs.get(), LocalFs.path(trainDir), 5);
    ComputationGraph graph = checkpoints.load(LocalFs.path(trainDir.resolve("model.ckpt-4")));
    graph.getLayer("rpn/objectness").setParam("W", graph.getLayer("rpn/objectness").getParam("W").mul(300));
    var box = graph.getLayer(FasterRcnnGraph.BOX_CLASSIFIER);
    box.setParam("classW", box.getParam("classW").mul(4));
    box.setParam("hiddenW", box.getParam("hiddenW").mul(0.02));
    checkpoints.write(graph, 5);
  }

  private static void delete() {
    try (Stream<Path> all = Files.walk(tmp)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort: the system's temporary folder
    }
  }
}
