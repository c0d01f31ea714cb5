package io.sparkrcnn.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.jobs.testing.Cli;
import io.sparkrcnn.jobs.testing.ShippedConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --dry_run} on the shipped configs as a new user fills them in, and the config errors users can cause.
 * The refusals on real input are {@link TrainCommandRefusalsTest}'s; training and resuming
 * {@link TrainCommandResumeTest}'s.
 */
class TrainCommandTest {
  @TempDir Path tmp;

  private Path userConfig(String shipped, String edit) throws Exception {
    String text = ShippedConfigs.text(shipped, "hdfs://namenode:8020/user/alice/pets/records");
    Path p = tmp.resolve("pipeline.config");
    Files.writeString(p, edit == null ? text : text.replace("train_config: {", "train_config: {\n" + edit));
    return p;
  }

  @Test
  void aResNet152PetsConfigPassesTheDryRunWithAPlausibleParameterCount() throws Exception {
    Cli.Run r = Cli.run("train", "--pipeline_config_path",
        userConfig("faster_rcnn_resnet152_pets.config", null).toString(), "--dry_run");
    assertEquals(0, r.exit(), r.err());
    List<String> lines = r.out().strip().lines().toList();
    String last = lines.get(lines.size() - 1);
    assertTrue(last.matches("parameters: \\d+"), last);
    long n = Long.parseLong(last.substring("parameters: ".length()));
    // ResNet-152 to block 3 (~43 M with batch-norm statistics) + RPN (~4.7 M) + box head (~13 M)
    assertTrue(n > 55_000_000 && n < 75_000_000, last);
    assertTrue(r.out().contains("feature extractor faster_rcnn_resnet152"), r.out());
  }

  @Test
  void theTinyConfigIsSmall() throws Exception {
    Cli.Run r = Cli.run("train", "--pipeline_config_path", userConfig("tiny_pets.config", null).toString(),
        "--dry_run");
    assertEquals(0, r.exit(), r.err());
    long n = Long.parseLong(r.out().strip().lines().reduce((a, b) -> b).orElseThrow().replace("parameters: ", ""));
    assertTrue(n > 100_000 && n < 2_000_000, "tiny parameters: " + n);
  }

  @Test
  void anUnknownFieldIsRefusedByNameOnOneLine() throws Exception {
    Cli.Run r = Cli.run("train", "--pipeline_config_path",
        userConfig("faster_rcnn_resnet152_pets.config", "  num_stepz: 200000").toString(), "--dry_run");
    Cli.assertRefusedInOneLine(r, "num_stepz");
  }

  @Test
  void anOptimizerWeCannotHonourIsRefusedByName() throws Exception {
    String text = Files.readString(userConfig("tiny_pets.config", null)).replace("use_moving_average: false",
        "use_moving_average: true");
    Path p = tmp.resolve("moving.config");
    Files.writeString(p, text);
    Cli.Run r = Cli.run("train", "--pipeline_config_path", p.toString(), "--dry_run");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("use_moving_average"), r.err());
  }

  @Test
  void trainingNeedsRealInputPaths() throws Exception {
    Path p = tmp.resolve("unconfigured.config");
    Files.copy(ShippedConfigs.path("tiny_pets.config"), p);
    Cli.Run r = Cli.run("train", "--pipeline_config_path", p.toString(), "--train_dir", tmp.resolve("t").toString());
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("PATH_TO_BE_CONFIGURED"), r.err());
  }
}
