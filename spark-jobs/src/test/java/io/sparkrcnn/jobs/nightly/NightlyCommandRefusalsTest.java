package io.sparkrcnn.jobs.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sparkrcnn.jobs.testing.Cli;
import io.sparkrcnn.jobs.testing.ShippedConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nightly's bad input, each refused in one line with exit 2 before any run starts (no Spark, nothing written). */
class NightlyCommandRefusalsTest {
  @TempDir Path tmp;

  private Cli.Run nightly(String... more) {
    return nightlyWith(ShippedConfigs.path("tiny_pets.config"), more);
  }

  private Cli.Run nightlyWith(Path template, String... more) {
    List<String> args = new ArrayList<>(List.of("nightly", "--data_dir", tmp.resolve("pets").toString(),
        "--pipeline_config_path", template.toString(), "--work_dir",
        tmp.resolve("work").toString(), "--model_dir", tmp.resolve("model").toString()));
    args.addAll(Arrays.asList(more));
    return Cli.run(args.toArray(String[]::new));
  }

  private void nothingStarted() throws Exception {
    assertFalse(Files.exists(tmp.resolve("work").resolve(NightlyJob.RUNS)), "no run");
    assertFalse(Files.exists(tmp.resolve("model").resolve(NightlyLock.NAME)), "no lock left");
  }

  @Test
  void flagsOutOfRangeAreNamed() throws Exception {
    Cli.assertRefusedInOneLine(nightly("--min_improvement", "2"), "--min_improvement must be between -1 and 1");
    Cli.assertRefusedInOneLine(nightly("--num_workers", "0"), "--num_workers must be at least 1, got 0");
    Cli.assertRefusedInOneLine(nightly("--run_id", "../x"), "--run_id '../x' is not a run id");
    Cli.assertRefusedInOneLine(nightly("--num_train_steps", "0"), "--num_train_steps must be at least 1");
    nothingStarted();
  }

  @Test
  void aTemplateWithoutThePlaceholderIsRefused() throws Exception {
    Path filled = ShippedConfigs.write("tiny_pets.config", "/data/records", tmp.resolve("filled.config"));
    Cli.assertRefusedInOneLine(nightlyWith(filled), filled.toString(),
        "has no PATH_TO_BE_CONFIGURED");
    nothingStarted();
  }

  @Test
  void aCurrentNamingNoVersionIsRefusedAndTheLockReleased() throws Exception {
    Files.createDirectories(tmp.resolve("model/versions"));
    Files.writeString(tmp.resolve("model/current"), "gone\n");
    Cli.assertRefusedInOneLine(nightly(), "current names 'gone', which is not a version in");
    nothingStarted();
    try (Stream<Path> s = Files.list(tmp.resolve("model"))) {
      assertEquals(List.of("current", "versions"), s.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void aWorkDirThatIsAFileIsRefused() throws Exception {
    Files.writeString(tmp.resolve("work"), "x");
    Cli.assertRefusedInOneLine(nightly(), "--work_dir");
  }
}
