package io.sparkrcnn.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.io.labelmap.LabelMap;
import io.sparkrcnn.jobs.testing.Cli;
import io.sparkrcnn.jobs.testing.Shards;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mistakes a new user makes with train (and the same ones with eval) on real records: each is one line on
 * stderr naming the thing and the fix, exit 2, before a step is trained or a file written.
 */
class TrainBadInputTest {
  @TempDir static Path tmp;
  static Path records;

  @BeforeAll
  static void records() throws Exception {
    records = Cli.syntheticRecords(tmp, 3, 6, "96x72");
  }

  /** The tiny config on {@code dir}'s records, with {@code from} replaced by {@code to} (pairs). */
  private static Path config(String name, Path dir, String... edits) throws Exception {
    String text = Files.readString(Path.of("..", "cluster-configs", "pipelines", "tiny_pets.config"))
        .replace("PATH_TO_BE_CONFIGURED", dir.toString());
    for (int i = 0; i < edits.length; i += 2) {
      assertTrue(text.contains(edits[i]), edits[i]);
      text = text.replace(edits[i], edits[i + 1]);
    }
    Path p = tmp.resolve(name + ".config");
    Files.writeString(p, text);
    return p;
  }

  private static Cli.Run train(Path config, Path trainDir, String... more) {
    List<String> args = new ArrayList<>(List.of("train", "--pipeline_config_path", config.toString(), "--train_dir",
        trainDir.toString()));
    if (!List.of(more).contains("--num_train_steps")) {
      args.addAll(List.of("--num_train_steps", "1")); // a check that fails trains one step, not the config's 800
    }
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  private static void assertOneLine(Cli.Run r, String... parts) {
    assertEquals(2, r.exit(), r.out() + r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    for (String part : parts) {
      assertTrue(r.err().contains(part), part + " in: " + r.err());
    }
  }

  @Test
  void aBatchThatCannotFitInAWorkersMemoryIsRefusedBeforeTraining() throws Exception {
    Path trainDir = tmp.resolve("huge-batch");
    assertOneLine(train(config("huge", records, "batch_size: 4", "batch_size: 10000"), trainDir),
        "train_config.batch_size 10000 needs at least", "GiB per worker", "a worker has", "lower batch_size",
        "--executor-memory");
    assertFalse(Files.exists(trainDir.resolve("pipeline.config")), "nothing written");
  }

  @Test
  void aBatchLargerThanTheRecordsOfAWorkerIsRefused() throws Exception {
    Cli.Run r = train(config("batch50", records, "batch_size: 4", "batch_size: 50"), tmp.resolve("batch50"),
        "--num_workers", "2");
    assertOneLine(r, "train_config.batch_size 50 is more than the", "records a worker holds", "2 workers",
        "--num_workers");
  }

  @Test
  void labelIdsAboveNumClassesAreRefusedInTheRecordsAndTheLabelMap() throws Exception {
    // synth's 3 classes are the Pets ids 1..3
    assertOneLine(train(config("two", records, "num_classes: 37", "num_classes: 2"), tmp.resolve("two")),
        "train_input_reader", "pet_faces_train.record-", "label id 3 but", "num_classes is 2");
    Path map = tmp.resolve("map-40.pbtxt");
    Files.writeString(map, LabelMap.pets().toPbtxt() + "item {\n  id: 40\n  name: 'okapi'\n}\n");
    assertOneLine(train(config("map40", records, records + "/pet_label_map.pbtxt", map.toString()),
        tmp.resolve("map40")), "train_input_reader.label_map_path", "map-40.pbtxt", "label id 40", "'okapi'",
        "num_classes is 37");
  }

  @Test
  void aDamagedShardIsOneLineNamingItAsEvalSays() throws Exception {
    Path damaged = Files.createDirectories(tmp.resolve("damaged"));
    for (Path shard : Shards.of(records, "pet_faces_train.record")) {
      Files.copy(shard, damaged.resolve(shard.getFileName()));
    }
    Files.copy(records.resolve("pet_label_map.pbtxt"), damaged.resolve("pet_label_map.pbtxt"));
    Path cut = damaged.resolve("pet_faces_train.record-00003-of-00010");
    byte[] whole = Files.readAllBytes(cut);
    Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 100));
    assertOneLine(train(config("damaged", damaged), tmp.resolve("damaged-train")), "train_input_reader",
        cut.toString(), "is damaged after record", "re-run convert");
  }

  @Test
  void stepAndWorkerFlagsAreRefusedOneByNameWithTheirValue() throws Exception {
    Path config = config("flags", records);
    Path trainDir = tmp.resolve("flags");
    for (String steps : List.of("0", "-5")) {
      Cli.Run r = train(config, trainDir, "--num_train_steps", steps);
      assertOneLine(r, "--num_train_steps must be at least 1, got " + steps);
      assertFalse(r.err().contains("num_steps is") || r.err().contains("no --num_train_steps"), r.err());
    }
    Cli.Run forever = Cli.run("train", "--pipeline_config_path", config("forever", records, "num_steps: 800",
        "num_steps: 0").toString(), "--train_dir", trainDir.toString());
    assertOneLine(forever, "train_config.num_steps is 0", "give --num_train_steps");
    Cli.Run workers = train(config, trainDir, "--num_workers", "0");
    assertOneLine(workers, "--num_workers must be at least 1, got 0");
    assertFalse(workers.err().contains("--averaging_frequency") || workers.err().contains("--keep_checkpoint_max"),
        workers.err());
    assertOneLine(train(config, trainDir, "--prefetch_batches", "-1"), "--prefetch_batches must be at least 0, got -1");
  }

  @Test
  void aTrainDirOrEvalDirThatIsAFileIsOneLine() throws Exception {
    Path file = Files.writeString(tmp.resolve("a-file"), "not a directory");
    assertOneLine(train(config("file", records), file, "--num_train_steps", "1"), "--train_dir", "a-file",
        "is a file; choose a directory path");
    assertOneLine(Cli.run("eval", "--pipeline_config_path", config("file-eval", records).toString(), "--eval_dir",
        file.toString(), "--detections_file", tmp.resolve("none.jsonl").toString()), "--eval_dir", "a-file",
        "is a file; choose a directory path");
    assertEquals("not a directory", Files.readString(file));
  }

  @Test
  void trainingToAStepAlreadyPassedSaysSoAndEvalChecksLabelsToo() throws Exception {
    Path config = config("done", records);
    Path trainDir = tmp.resolve("done");
    Cli.Run first = train(config, trainDir, "--num_train_steps", "1");
    assertEquals(0, first.exit(), first.err());
    Cli.Run again = train(config, trainDir, "--num_train_steps", "1");
    assertEquals(0, again.exit(), again.err());
    assertTrue(again.out().contains("already at step 1 >= 1") && again.out().contains("nothing to train"),
        again.out());
    assertFalse(again.out().contains("NaN") || again.out().contains("images/s"), again.out());
    // eval refuses a config with fewer classes than the label map's or the records' ids before loading the checkpoint
    Cli.Run map = Cli.run("eval", "--pipeline_config_path", config("two-eval", records, "num_classes: 37",
        "num_classes: 2").toString(), "--checkpoint_dir", trainDir.toString(), "--eval_dir",
        tmp.resolve("eval-two").toString());
    assertOneLine(map, "eval_input_reader.label_map_path", "label id 37 ('yorkshire_terrier')", "num_classes is 2");
    String evalMap = "  label_map_path: \"" + records + "/pet_label_map.pbtxt\"\n  shuffle: false";
    Cli.Run ids = Cli.run("eval", "--pipeline_config_path", config("one-eval", records, "num_classes: 37",
        "num_classes: 1", evalMap, "  shuffle: false").toString(), "--checkpoint_dir", trainDir.toString(),
        "--eval_dir", tmp.resolve("eval-one").toString());
    assertOneLine(ids, "eval_input_reader", "pet_faces_val.record-", "has records with label id", "num_classes is 1");
  }
}
