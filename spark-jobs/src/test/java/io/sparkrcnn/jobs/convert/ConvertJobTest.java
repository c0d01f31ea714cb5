package io.sparkrcnn.jobs.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.conversion.pets.MaskType;
import io.sparkrcnn.conversion.pets.PetsConversionOptions;
import io.sparkrcnn.conversion.pets.PetsLayout;
import io.sparkrcnn.conversion.report.ConversionReport;
import io.sparkrcnn.conversion.split.PetsSplit;
import io.sparkrcnn.io.testing.LocalFs;
import io.sparkrcnn.conversion.testing.QuirkyPets;
import io.sparkrcnn.io.testing.TensorFlowReader;
import io.sparkrcnn.io.tfrecord.Compression;
import io.sparkrcnn.jobs.UserError;
import io.sparkrcnn.jobs.testing.FaultyFileSystem;
import io.sparkrcnn.jobs.testing.Shards;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The convert job in Spark local[2] (two executor threads, task retries on) on a Pets folder with quirks. */
class ConvertJobTest {
  @TempDir static Path tmp;
  static JavaSparkContext sc;
  static Path data;
  static Map<String, QuirkyPets.Expect> quirks;

  @BeforeAll
  static void start() throws Exception {
    sc = new JavaSparkContext(new SparkConf().setMaster("local[2,2]").setAppName("ConvertJobTest")
        .set("spark.ui.enabled", "false"));
    FaultyFileSystem.register(sc.hadoopConfiguration());
    data = tmp.resolve("pets");
    quirks = QuirkyPets.write(LocalFs.get(), LocalFs.path(data), 6, 10);
  }

  @AfterAll
  static void stop() {
    sc.close();
  }

  private static ConvertOptions options(Path out, int shards, Compression compression, double maxSkipped,
      boolean overwrite) {
    return new ConvertOptions(data.toString(), out.toString(), null, shards,
        new PetsConversionOptions(true, MaskType.PNG, true), compression, maxSkipped, overwrite);
  }

  private static List<String> names(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void shardsHoldTheReferenceSplitMinusTheSkippedIdsAndTheReportNamesEverySkip() throws Exception {
    Path out = tmp.resolve("out");
    ConversionReport report = new ConvertJob(sc).run(options(out, 3, Compression.NONE, 0.5, false));

    List<String> expectedFiles = List.of("conversion_report.json", "pet_faces_train.record-00000-of-00003",
        "pet_faces_train.record-00001-of-00003", "pet_faces_train.record-00002-of-00003",
        "pet_faces_val.record-00000-of-00003", "pet_faces_val.record-00001-of-00003",
        "pet_faces_val.record-00002-of-00003", "pet_label_map.pbtxt");
    assertEquals(expectedFiles, names(out), "only committed files, no temporary or checksum files");
    assertEquals(List.of("pets"), names(tmp).stream().filter(n -> n.startsWith(".") || n.equals("pets")).toList(),
        "no staging directory is left beside the output");

    List<String> listed = PetsLayout.readExampleIds(LocalFs.get(),
        LocalFs.path(data.resolve("annotations/trainval.txt")));
    PetsSplit split = PetsSplit.of(listed);
    Set<String> skippedIds = quirks.entrySet().stream().filter(e -> e.getValue().skipped()).map(Map.Entry::getKey)
        .collect(Collectors.toSet());
    for (String name : List.of("train", "val")) {
      List<TensorFlowReader.Parsed> parsed = Shards.readAll(out, "pet_faces_" + name + ".record", "");
      Set<String> got = parsed.stream().map(p -> p.sourceId().replace(".jpg", "")).collect(Collectors.toSet());
      Set<String> want = new HashSet<>(name.equals("train") ? split.train() : split.val());
      want.removeAll(skippedIds);
      assertEquals(want, got, name + " membership");
      assertEquals(parsed.size(), report.splits().get(name).records());
      for (TensorFlowReader.Parsed p : parsed) {
        assertEquals(p.height(), p.decodedShape()[0]);
        assertEquals(p.width(), p.decodedShape()[1]);
      }
    }

    ConversionReport onDisk = ConversionReport.fromJson(Files.readString(out.resolve("conversion_report.json")));
    assertEquals(report, onDisk);
    assertEquals(skippedIds, onDisk.skipped().stream().map(ConversionReport.SkipEntry::id).collect(Collectors.toSet()));
    assertEquals(listed.size(), onDisk.examplesListed());
    assertEquals(listed.size() - skippedIds.size(), onDisk.recordsWritten());
    assertEquals(1, onDisk.clippedBoxes());
    assertEquals(3, onDisk.reencodedImages());
    long perShardSum = onDisk.splits().get("train").shards().stream()
        .mapToLong(ConversionReport.ShardEntry::records).sum();
    assertEquals(onDisk.splits().get("train").records(), perShardSum);
  }

  @Test
  void gzipShardsAreReadByTensorFlowWithCompressionTypeGzip() throws Exception {
    Path out = tmp.resolve("gz");
    ConversionReport report = new ConvertJob(sc).run(options(out, 2, Compression.GZIP, 0.5, false));
    byte[] head = Files.readAllBytes(out.resolve("pet_faces_train.record-00000-of-00002"));
    assertEquals(0x1f, head[0] & 0xff);
    assertEquals(0x8b, head[1] & 0xff);
    assertEquals(report.splits().get("train").records(), Shards.readAll(out, "pet_faces_train.record", "GZIP").size());
  }

  @Test
  void aRerunRefusesANonEmptyOutputAndOverwriteReplacesIt() throws Exception {
    Path out = tmp.resolve("rerun");
    new ConvertJob(sc).run(options(out, 2, Compression.NONE, 0.5, false));
    Files.writeString(out.resolve("stale.txt"), "from an earlier run");
    Exception refused = assertThrows(Exception.class,
        () -> new ConvertJob(sc).run(options(out, 2, Compression.NONE, 0.5, false)));
    assertTrue(refused.getMessage().contains("--overwrite"), refused.getMessage());
    assertTrue(names(out).contains("stale.txt"), "a refused run changes nothing");

    new ConvertJob(sc).run(options(out, 1, Compression.NONE, 0.5, true));
    assertEquals(List.of("conversion_report.json", "pet_faces_train.record-00000-of-00001",
        "pet_faces_val.record-00000-of-00001", "pet_label_map.pbtxt"), names(out));
  }

  @Test
  void tooManySkippedExamplesFailTheJobAndWriteNothing() {
    Path out = tmp.resolve("strict");
    UserError e = assertThrows(UserError.class,
        () -> new ConvertJob(sc).run(options(out, 2, Compression.NONE, 0.05, false)));
    assertTrue(e.getMessage().contains("--max_skipped_fraction"), e.getMessage());
    assertFalse(Files.exists(out));
  }

  @Test
  void aJobWhoseTasksKeepFailingLeavesNoShardVisible() throws Exception {
    Path out = tmp.resolve("failing");
    FaultyFileSystem.failOn = "val.record-00001";
    FaultyFileSystem.failuresLeft.set(100);
    try {
      assertThrows(Exception.class, () -> new ConvertJob(sc).run(new ConvertOptions(data.toString(),
          "faulty://" + out, null, 2, new PetsConversionOptions(true, MaskType.PNG, true), Compression.NONE, 0.5,
          false)));
    } finally {
      FaultyFileSystem.failuresLeft.set(0);
    }
    assertFalse(Files.exists(out), "no output directory");
    assertTrue(names(tmp).stream().noneMatch(n -> n.startsWith(".failing")), "staging and attempts removed");
  }

  @Test
  void aTaskThatDiesMidWriteIsRetriedAndNoPartialOrDuplicateRecordReachesTheOutput() throws Exception {
    Path out = tmp.resolve("retried");
    FaultyFileSystem.failOn = "train.record-00000";
    FaultyFileSystem.failAfterBytes = 10_000;
    FaultyFileSystem.failuresLeft.set(1);
    int before = FaultyFileSystem.injected.get();
    ConversionReport report;
    try {
      report = new ConvertJob(sc).run(new ConvertOptions(data.toString(), "faulty://" + out, null, 2,
          new PetsConversionOptions(true, MaskType.PNG, true), Compression.NONE, 0.5, false));
    } finally {
      FaultyFileSystem.failAfterBytes = -1;
    }
    assertTrue(FaultyFileSystem.injected.get() > before, "the write failed part-way through the shard");
    List<TensorFlowReader.Parsed> train = Shards.readAll(out, "pet_faces_train.record", "");
    assertEquals(report.splits().get("train").records(), train.size());
    assertEquals(train.size(), train.stream().map(TensorFlowReader.Parsed::sourceId).distinct().count(),
        "no record written twice");
    assertEquals(6, names(out).size(), "4 shards, the label map and the report");
    assertTrue(names(tmp).stream().noneMatch(n -> n.startsWith(".retried")), "attempt files cleaned up");
  }

  @Test
  void anOutputDirThatIsOrHoldsTheDatasetIsRefusedEvenWithOverwrite() throws Exception {
    for (Path out : List.of(data, tmp)) {
      UserError e = assertThrows(UserError.class,
          () -> new ConvertJob(sc).run(options(out, 2, Compression.NONE, 0.5, true)));
      assertTrue(e.getMessage().contains("outside the dataset"), e.getMessage());
    }
    assertTrue(Files.exists(data.resolve("annotations/trainval.txt")), "the dataset is untouched");
  }

  @Test
  void overwriteNeverReplacesAFolderThatIsNotAConvertOutput() throws Exception {
    Path out = tmp.resolve("users-folder");
    Files.createDirectories(out);
    Files.writeString(out.resolve("notes.txt"), "keep me");
    Exception e = assertThrows(Exception.class,
        () -> new ConvertJob(sc).run(options(out, 2, Compression.NONE, 0.5, true)));
    assertTrue(e.getMessage().contains("conversion_report.json"), e.getMessage());
    assertEquals(List.of("notes.txt"), names(out));
  }
}
