package io.sparkrcnn.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.jobs.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench inference} on the tiny model: DL4J here, TensorFlow in a child JVM started for real on the jars found
 * in the local Maven repository that this test's TensorFlow came from; and without those jars, the DL4J rows alone.
 */
class InferenceBenchmarkTest {
  private static final String TINY = "../cluster-configs/pipelines/tiny_pets.config";

  @TempDir
  Path work;

  /** The repository holding this test classpath's TensorFlow: .../org/tensorflow/tensorflow-core-api/V/x.jar. */
  private static Path repository() throws Exception {
    Path jar = Path.of(org.tensorflow.Graph.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    return jar.getParent().getParent().getParent().getParent().getParent();
  }

  @Test
  void timesDl4jAndTensorFlowInAChildJvmAndTheirDetectionsAgree() throws Exception {
    // a relative --work_dir: the child JVM runs in another folder
    Path relative = Path.of("").toAbsolutePath().relativize(work);
    Cli.Run run = Cli.run("bench", "inference", "--configs", TINY, "--warmup", "1", "--reps", "1", "--work_dir",
        relative.toString(), "--maven_repository", repository().toString());
    assertEquals(0, run.exit(), run.err());
    String out = run.out();
    for (String artefact : new String[] {"DL4J \\| checkpoint \\(with updater\\)", "DL4J \\| model.dl4j.zip",
        "TensorFlow 2\\.\\d+\\.\\d+ \\| frozen_inference_graph.pb", "TensorFlow 2\\.\\d+\\.\\d+ \\|"
        + " frozen_inference_graph_quantized.pb"}) {
      assertTrue(out.matches("(?s).*\\n\\| faster_rcnn_tiny \\| 128 \\| " + artefact + " \\| [0-9,]+ \\| [0-9.]+ \\|"
          + " [0-9.]+ \\| [0-9.]+ \\|\\n.*"), artefact + " in " + out);
    }
    assertTrue(out.matches("(?s).*frozen_inference_graph.pb: num_detections (\\d+) \\(DL4J\\) vs \\1 \\(TensorFlow\\);"
        + " top detection \\(class \\d+\\) differs by [0-9.e-]+ in score and box \\(equal within 1e-03\\).*"), out);
    Path dir = work.resolve("faster_rcnn_tiny-128");
    long frozen = Files.size(dir.resolve("frozen_inference_graph.pb"));
    long quantized = Files.size(dir.resolve("frozen_inference_graph_quantized.pb"));
    assertTrue(quantized * 3 < frozen, frozen + " vs " + quantized);
    // the checkpoint carries the momentum next to the weights: about twice the inference model
    long checkpoint = Files.size(dir.resolve("model.ckpt.zip"));
    long model = Files.size(dir.resolve("model.dl4j.zip"));
    assertTrue(checkpoint > 1.8 * model && checkpoint < 2.2 * model, checkpoint + " vs " + model);
    assertEquals(out, Files.readString(work.resolve("inference.md")));
  }

  @Test
  void withoutTensorFlowsJarsPrintsTheDl4jRowsAndHowToGetThem() throws Exception {
    Path empty = Files.createDirectories(work.resolve("empty-m2"));
    Cli.Run run = Cli.run("bench", "inference", "--configs", TINY, "--warmup", "1", "--reps", "1", "--work_dir",
        work.resolve("w").toString(), "--maven_repository", empty.toString());
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().contains("| faster_rcnn_tiny | 128 | DL4J | model.dl4j.zip |"), run.out());
    assertTrue(!run.out().contains("| TensorFlow"), run.out());
    assertTrue(run.out().contains("\nNo TensorFlow rows: TensorFlow for Java's jars are not in " + empty + " ("
        + "org.tensorflow:tensorflow-core-api:1.1.0, "), run.out());
    assertTrue(run.out().contains("`mvn dependency:get -Dartifact=org.tensorflow:tensorflow-core-api:1.1.0"
        + " -Dtransitive=false`"), run.out());
  }
}
