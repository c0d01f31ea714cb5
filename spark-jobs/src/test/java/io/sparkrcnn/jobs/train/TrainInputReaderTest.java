package io.sparkrcnn.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.jobs.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train_input_reader.num_epochs} ends training after that many passes over the records. */
class TrainInputReaderTest {
  @TempDir Path tmp;

  @Test
  void numEpochsEndsTrainingAfterItsPasses() throws Exception {
    Path records = Cli.syntheticRecords(tmp, 2, 6, "64x48");
    Path config = tmp.resolve("tiny.config");
    Files.writeString(config, Files.readString(Path.of("..", "cluster-configs", "pipelines", "tiny_pets.config"))
        .replace("PATH_TO_BE_CONFIGURED", records.toString())
        .replace("train_input_reader: {\n", "train_input_reader: {\n  num_epochs: 1\n  shuffle: false\n"));
    Cli.Run run = Cli.run("train", "--pipeline_config_path", config.toString(), "--train_dir",
        tmp.resolve("train").toString(), "--num_train_steps", "50", "--averaging_frequency", "1");
    assertEquals(0, run.exit(), run.out() + run.err());
    var ends = java.util.regex.Pattern.compile("train_input_reader.num_epochs 1 over (\\d+) records: training ends at"
        + " step (\\d+)").matcher(run.out());
    assertTrue(ends.find(), run.out());
    long recordCount = Long.parseLong(ends.group(1));
    long last = Long.parseLong(ends.group(2));
    assertEquals(recordCount / 4, last, "one pass of batch 4 on one worker");
    assertTrue(last >= 1 && run.out().contains("finished at step " + last + ","), run.out());

    // num_steps 0 with num_epochs: train to the end of the epochs, which this train_dir has reached
    Files.writeString(config, Files.readString(config).replaceFirst("num_steps: \\d+", "num_steps: 0"));
    Cli.Run again = Cli.run("train", "--pipeline_config_path", config.toString(), "--train_dir",
        tmp.resolve("train").toString());
    assertEquals(0, again.exit(), again.out() + again.err());
    assertTrue(again.out().contains("already at step " + last + " >= " + last + ", where train_input_reader.num_epochs"
        + " 1 over " + recordCount + " records ends; nothing to train"), again.out());
  }
}
