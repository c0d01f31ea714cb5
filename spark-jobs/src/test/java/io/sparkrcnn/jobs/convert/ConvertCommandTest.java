package io.sparkrcnn.jobs.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.io.labelmap.LabelMap;
import io.sparkrcnn.jobs.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** convert from the command line on a small synthetic Pets folder: inputs a user gets slightly wrong. */
class ConvertCommandTest {
  @TempDir static Path tmp;
  static Path data;

  @BeforeAll
  static void dataset() {
    data = tmp.resolve("pets");
    assertEquals(0, Cli.run("synth", "--output_dir", data.toString(), "--images_per_class", "4", "--num_classes", "2",
        "--image_size", "48").exit());
  }

  private static List<String> errorLines(Cli.Run run) {
    return run.err().lines().filter(l -> !l.isBlank() && !l.contains(" WARN ") && !l.contains(" INFO ")).toList();
  }

  @Test
  void farMoreShardsThanExamplesAreRefusedBeforeAnythingIsWritten() throws Exception {
    Path out = tmp.resolve("many");
    Cli.Run run = Cli.run("convert", "--data_dir", data.toString(), "--output_dir", out.toString(),
        "--num_shards", "1000");
    assertEquals(2, run.exit(), run.err());
    assertEquals(1, errorLines(run).size(), run.err());
    assertTrue(errorLines(run).get(0).contains("--num_shards 1000") && run.err().contains("at most 10"), run.err());
    assertFalse(Files.exists(out));
    try (var s = Files.list(tmp)) {
      assertFalse(s.anyMatch(p -> p.getFileName().toString().startsWith(".many")), "no staging directory");
    }
  }

  @Test
  void theDefaultTenShardsStillWorkOnFewerExamplesAsInTheReference() {
    Cli.Run run = Cli.run("convert", "--data_dir", data.toString(), "--output_dir", tmp.resolve("ten").toString());
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().contains("train: 2 records in 10 shards"), run.out());
  }

  @Test
  void aByteOrderMarkInTrainvalAndTheLabelMapIsIgnored() throws Exception {
    Path bom = tmp.resolve("pets-bom");
    assertEquals(0, Cli.run("synth", "--output_dir", bom.toString(), "--images_per_class", "4", "--num_classes", "2",
        "--image_size", "48").exit());
    Path trainval = bom.resolve("annotations/trainval.txt");
    Files.writeString(trainval, "\uFEFF" + Files.readString(trainval));
    Path labels = tmp.resolve("labels.pbtxt");
    Files.writeString(labels, "\uFEFF" + LabelMap.pets().toPbtxt());
    Cli.Run run = Cli.run("convert", "--data_dir", bom.toString(), "--output_dir", tmp.resolve("bom-out").toString(),
        "--label_map_path", labels.toString(), "--num_shards", "1");
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().contains("skipped 0 of 4 listed examples"), run.out());
  }
}
