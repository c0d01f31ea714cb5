package io.sparkrcnn.jobs.eval;

import io.sparkrcnn.model.detector.ImageDetections;
import io.sparkrcnn.io.example.GroundTruth;
import io.sparkrcnn.io.fs.FileSystems;
import io.sparkrcnn.io.tfrecord.ShardFiles;
import io.sparkrcnn.jobs.UserError;
import io.sparkrcnn.jobs.infer.BroadcastDetector;
import io.sparkrcnn.jobs.spark.SerializableConfiguration;
import io.sparkrcnn.jobs.spark.TaskFailures;
import io.sparkrcnn.model.input.LabelIds;
import io.sparkrcnn.model.input.RecordFiles;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The eval input reader's files, read on the executors (one task per file, as train's shards), never on the
 * driver: a first pass counts each file's records and finds their largest label id, and the scoring pass reads
 * the ground truth of the first records in input order (files in sorted order, records in file order) and, with
 * a detector, their detections. Only ground truth and detections come back to the driver.
 */
final class EvalRecords {
  private static final String READER = "eval_input_reader";

  /** Records per file, and the largest label id among all of them. */
  record Counts(long[] perFile, long maxLabel) {
    long total() {
      return java.util.Arrays.stream(perFile).sum();
    }
  }

  private final JavaSparkContext sc;
  private final SerializableConfiguration hadoop;
  private final List<String> files;

  private EvalRecords(JavaSparkContext sc, Configuration conf, List<String> files) {
    this.sc = sc;
    this.hadoop = new SerializableConfiguration(conf);
    this.files = files;
  }

  /** The files the input paths match, in sorted order per pattern; a pattern matching none is refused. */
  static EvalRecords of(JavaSparkContext sc, Configuration conf, List<String> inputs) throws IOException {
    List<String> files = new ArrayList<>();
    try {
      for (Path f : ShardFiles.expand(FileSystems.of(new Path(inputs.get(0)), conf), inputs)) {
        files.add(f.toString());
      }
    } catch (FileNotFoundException e) {
      throw new UserError(READER + ": " + e.getMessage());
    }
    return new EvalRecords(sc, conf, files);
  }

  boolean isEmpty() {
    return files.isEmpty();
  }

  Counts count() {
    SerializableConfiguration conf = hadoop;
    List<String> names = files;
    List<long[]> perFile = TaskFailures.namingDamage(READER, () -> sc.parallelize(indices(names.size()),
        Math.max(1, names.size())).map(i -> {
          long max = 0;
          List<byte[]> records = read(conf.get(), names.get(i));
          for (byte[] r : records) {
            max = Math.max(max, LabelIds.max(r));
          }
          return new long[] {i, records.size(), max};
        }).collect());
    long[] counts = new long[files.size()];
    long max = 0;
    for (long[] c : perFile) {
      counts[(int) c[0]] = c[1];
      max = Math.max(max, c[2]);
    }
    return new Counts(counts, max);
  }

  /**
   * Ground truth (and, with a {@code detector}, detections) of the first {@code take[f]} records of each file f
   * ({@code take} null: all of them), in input order.
   */
  List<ScoredRecord> score(long[] take, BroadcastDetector detector) {
    List<Integer> used = IntStream.range(0, files.size()).filter(f -> take == null || take[f] > 0).boxed().toList();
    if (used.isEmpty()) {
      return List.of();
    }
    SerializableConfiguration conf = hadoop;
    List<String> names = files;
    List<ScoredRecord> scored = new ArrayList<>(TaskFailures.namingDamage(READER, () -> sc.parallelize(used,
        used.size()).flatMap(f -> {
          List<byte[]> records = read(conf.get(), names.get(f));
          int n = take == null ? records.size() : (int) Math.min(take[f], records.size());
          return scoreFile(f, names.get(f), records.subList(0, n), detector).iterator();
        }).collect()));
    scored.sort(Comparator.comparingInt(ScoredRecord::file).thenComparingInt(ScoredRecord::position));
    return scored;
  }

  private static List<ScoredRecord> scoreFile(int f, String name, List<byte[]> records, BroadcastDetector detector) {
    List<GroundTruth> truth = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      try {
        truth.add(GroundTruthReader.read(records.get(i), name, i + 1));
      } catch (GroundTruthReader.UnusableRecord e) {
        return List.of(ScoredRecord.problem(f, i, e.getMessage()));
      }
    }
    List<ImageDetections> found = detector == null ? null : detector.get().detect(records);
    List<ScoredRecord> out = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      out.add(ScoredRecord.of(f, i, truth.get(i), found == null ? null : found.get(i)));
    }
    return out;
  }

  private static List<byte[]> read(Configuration conf, String file) throws IOException {
    Path p = new Path(file);
    return RecordFiles.read(FileSystems.of(p, conf), p);
  }

  private static List<Integer> indices(int n) {
    return IntStream.range(0, n).boxed().toList();
  }
}
