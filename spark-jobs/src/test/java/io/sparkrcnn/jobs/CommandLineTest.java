package io.sparkrcnn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.jobs.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user sees: exit status, one error line naming the problem, help that lists every flag. */
class CommandLineTest {
  @TempDir Path tmp;

  private static List<String> errorLines(Cli.Run run) {
    return run.err().lines().filter(l -> l.startsWith("sparkrcnn")).toList();
  }

  @Test
  void convertHelpDocumentsEveryFlag() {
    Cli.Run run = Cli.run("convert", "--help");
    assertEquals(0, run.exit());
    for (String flag : List.of("--data_dir", "--output_dir", "--label_map_path", "--num_shards", "--faces_only",
        "--mask_type", "--compression", "--max_skipped_fraction", "--verify_decode", "--overwrite")) {
      assertTrue(run.out().contains(flag), flag + " in\n" + run.out());
    }
    Cli.Run synth = Cli.run("synth", "--help");
    for (String flag : List.of("--output_dir", "--images_per_class", "--num_classes", "--seed", "--image_size")) {
      assertTrue(synth.out().contains(flag), flag);
    }
  }

  @Test
  void aMissingDataDirIsOneErrorLineAndExitTwo() {
    Cli.Run run = Cli.run("convert", "--data_dir", tmp.resolve("nope").toString(), "--output_dir",
        tmp.resolve("out").toString());
    assertEquals(2, run.exit());
    assertEquals(1, errorLines(run).size(), run.err());
    assertTrue(errorLines(run).get(0).contains("--data_dir") && errorLines(run).get(0).contains("does not exist"),
        run.err());
    assertTrue(!run.err().contains("\tat "), "no stack trace for a user error");
  }

  @Test
  void aFolderWithoutTrainvalTxtIsOneErrorLineAndExitTwo() throws Exception {
    Files.createDirectories(tmp.resolve("pets/images"));
    Cli.Run run = Cli.run("convert", "--data_dir", tmp.resolve("pets").toString(), "--output_dir",
        tmp.resolve("out").toString());
    assertEquals(2, run.exit());
    assertEquals(1, errorLines(run).size(), run.err());
    assertTrue(errorLines(run).get(0).contains("trainval.txt"), run.err());
  }

  @Test
  void badFlagValuesAreNamedWithTheFix() {
    Cli.Run run = Cli.run("convert", "--data_dir", "d", "--output_dir", "o", "--compression", "zip");
    assertEquals(2, run.exit());
    assertTrue(errorLines(run).get(0).contains("--compression must be none or gzip"), run.err());
    Cli.Run unknown = Cli.run("convert", "--data_dir", "d", "--output_dir", "o", "--num_shard", "3");
    assertEquals(2, unknown.exit());
    assertTrue(errorLines(unknown).get(0).contains("--num_shard"), unknown.err());
    Cli.Run shards = Cli.run("convert", "--data_dir", "d", "--output_dir", "o", "--num_shards", "0");
    assertEquals(2, shards.exit());
    assertTrue(errorLines(shards).get(0).contains("--num_shards must be at least 1"), shards.err());
  }

  @Test
  void synthThenConvertFromTheCommandLine() throws Exception {
    Path data = tmp.resolve("synth");
    Cli.Run synth = Cli.run("synth", "--output_dir", data.toString(), "--images_per_class", "2", "--num_classes", "3",
        "--image_size", "64x48");
    assertEquals(0, synth.exit(), synth.err());
    assertTrue(Files.exists(data.resolve("annotations/list.txt")));
    Cli.Run convert = Cli.run("convert", "--data_dir", data.toString(), "--output_dir", tmp.resolve("out").toString(),
        "--num_shards", "2");
    assertEquals(0, convert.exit(), convert.err());
    assertTrue(convert.out().contains("train: 2 records in 2 shards"), convert.out());
    Cli.Run again = Cli.run("convert", "--data_dir", data.toString(), "--output_dir", tmp.resolve("out").toString());
    assertEquals(2, again.exit());
    assertTrue(errorLines(again).get(0).contains("--overwrite"), again.err());
  }

  @Test
  void aFilesystemSchemeWithoutItsLibraryIsOneLineNamingTheFix() {
    Cli.Run run = Cli.run("convert", "--data_dir", "s3a://bucket/pets", "--output_dir", tmp.resolve("o").toString());
    assertEquals(2, run.exit());
    assertEquals(1, errorLines(run).size(), run.err());
    assertTrue(errorLines(run).get(0).contains("S3AFileSystem") && errorLines(run).get(0).contains("hadoop-aws"),
        run.err());
  }

  @Test
  void unusablePathsAreOneLineEach() throws Exception {
    Path data = tmp.resolve("pets");
    assertEquals(0, Cli.run("synth", "--output_dir", data.toString(), "--images_per_class", "2", "--num_classes",
        "2", "--image_size", "48").exit());
    Files.writeString(tmp.resolve("afile"), "x");
    Files.createDirectories(tmp.resolve("labels.pbtxt"));
    List<List<String>> cases = List.of(
        List.of("--output_dir", tmp.resolve("afile/out").toString()),
        List.of("--output_dir", tmp.resolve("o1").toString(), "--label_map_path", tmp.resolve("labels.pbtxt").toString()),
        List.of("--output_dir", "x:y"));
    for (List<String> extra : cases) {
      List<String> args = new java.util.ArrayList<>(List.of("convert", "--data_dir", data.toString()));
      args.addAll(extra);
      Cli.Run run = Cli.run(args.toArray(String[]::new));
      assertEquals(2, run.exit(), extra + "\n" + run.err());
      assertEquals(1, errorLines(run).size(), run.err());
      assertTrue(!run.err().contains("\tat "), "no stack trace: " + run.err());
    }
  }
}
