package io.sparkrcnn.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.jobs.testing.Cli;
import org.junit.jupiter.api.Test;

/** {@code bench train} end to end on the tiny model at small sizes: every table, the memory one from a child JVM. */
class TrainBenchmarkTest {
  private static final String TINY = "../cluster-configs/pipelines/tiny_pets.config";

  @Test
  void printsTheCeilingsTheSpeedOfEachModelAndTheMemoryOfAStep() {
    Cli.Run run = Cli.run("bench", "train", "--configs", TINY, "--canvas", "64", "--steps", "1", "--memory_configs",
        TINY, "--memory_steps", "2");
    assertEquals(0, run.exit(), run.err());
    String out = run.out();
    assertTrue(out.contains("ConvolutionLayer helper: "), out);
    assertTrue(out.matches("(?s).*\\| libnd4j conv2d op, 3×3, 256→256, \\[4, 256, 64, 64\\] NCHW \\| [0-9.]+ \\|"
        + " 100 % \\|.*"), out);
    assertTrue(out.matches("(?s).*\\| DL4J ConvolutionLayer \\(helper: \\w+\\), the same convolution \\| [0-9.]+ \\|"
        + " [0-9]+ % \\|.*"), out);
    assertTrue(out.matches("(?s).*\\| faster_rcnn_tiny \\| 64 \\| 1 \\| [0-9]+ \\|.*"), out);
    assertTrue(out.matches("(?s).*\\n- faster_rcnn_tiny: [^\\n]*ConvolutionLayer: \\w+ ×11.*"), out);
    // the memory row: the tiny config's own 128-pixel canvas, two steps, numbers rather than a failure
    assertTrue(out.matches("(?s).*\\| faster_rcnn_tiny \\| 128 \\| [0-9,]+ \\| [0-9.]+ \\| [0-9.]+ GiB \\|"
        + " [0-9.]+ GiB \\| [0-9.]+ GiB \\|.*"), out);
    assertTrue(run.err().contains("memory: faster_rcnn_tiny step 2 of 2"), run.err());
    String[] cells = out.lines().filter(l -> l.startsWith("| faster_rcnn_tiny | 128 |")).findFirst().orElseThrow()
        .split(" \\| ");
    double before = gib(cells[4]);
    double peak = Math.max(gib(cells[5]), gib(cells[6]));
    assertTrue(before > 0.05 && before <= gib(cells[5]) && peak < 4, "a JVM with ND4J and the tiny model: " + out);
    assertTrue(gib(cells[9]) >= peak, "a worker needs at least the lone step's peak");
    String outputsDiffer = out.lines().filter(l -> l.startsWith("(op and layer outputs differ")).findFirst()
        .orElseThrow();
    double diff = Double.parseDouble(outputsDiffer.replaceAll(".*at most (\\S+) of.*", "$1"));
    assertTrue(diff < 1e-4, outputsDiffer);
  }

  private static double gib(String cell) {
    return Double.parseDouble(cell.replace(" GiB", "").replaceAll(" \\(.*", ""));
  }

  @Test
  void aMissingMemoryConfigIsOneErrorLine() {
    Cli.Run run = Cli.run("bench", "train", "--memory_configs", "no/such.config");
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("no/such.config does not exist"), run.err());
    assertTrue(!run.err().contains("\tat "), run.err());
  }
}
