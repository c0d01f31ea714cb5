package io.sparkrcnn.jobs.train;

import io.sparkrcnn.io.fs.FileSystems;
import io.sparkrcnn.io.tfrecord.ShardFiles;
import io.sparkrcnn.jobs.UserError;
import io.sparkrcnn.jobs.spark.SerializableConfiguration;
import io.sparkrcnn.jobs.spark.TaskFailures;
import io.sparkrcnn.model.config.InputSettings;
import io.sparkrcnn.model.input.LabelIds;
import io.sparkrcnn.model.input.RecordFiles;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * The training records as an RDD with one partition per worker, read by the executors straight from the Hadoop
 * filesystem (each shard by one task; nothing passes through the driver) and kept in executor memory, spilling
 * to disk, for the whole run. Input paths that match no file, or files without a single record, are refused
 * before any training starts, and so is a damaged shard (one line naming it, as eval does); shards without records
 * among others (convert makes them when there are fewer examples than shards) are counted in the log. Reading also
 * finds the largest label id and how many records the worker with the fewest holds, for the checks of train.
 */
public final class ShardRecords {
  private final JavaRDD<byte[]> records;
  private final long count;
  private final int shards;
  private final long fewestPerWorker;
  private final Labels labels;

  /** The largest label id in the records, and a shard that holds it (null when no record has a label). */
  public record Labels(long max, String file) {}

  private ShardRecords(JavaRDD<byte[]> records, long count, int shards, long fewestPerWorker, Labels labels) {
    this.records = records;
    this.count = count;
    this.shards = shards;
    this.fewestPerWorker = fewestPerWorker;
    this.labels = labels;
  }

  /** Reads the input reader's shards for {@code workers} workers; {@code configPath} names the config in errors. */
  public static ShardRecords load(JavaSparkContext sc, Configuration conf, InputSettings input, String configPath,
      int workers, java.io.PrintWriter log) throws IOException {
    return load(sc, conf, input, configPath, workers, 1, log);
  }

  /**
   * As {@link #load(JavaSparkContext, Configuration, InputSettings, String, int, java.io.PrintWriter)}, and spreads
   * the records evenly over the workers when the shards would leave one with fewer than {@code batchSize}.
   */
  public static ShardRecords load(JavaSparkContext sc, Configuration conf, InputSettings input, String configPath,
      int workers, int batchSize, java.io.PrintWriter log) throws IOException {
    PipelineFiles.checkInputPaths(input.inputPaths(), configPath, "train_input_reader");
    List<String> patterns = input.inputPaths();
    List<String> files = new ArrayList<>();
    try {
      FileSystem fs = FileSystems.of(new Path(patterns.get(0)), conf);
      for (Path f : ShardFiles.expand(fs, patterns)) {
        files.add(f.toString());
      }
    } catch (FileNotFoundException e) {
      throw new UserError("train_input_reader: " + e.getMessage() + " (run convert first, or fix input_path)");
    }
    if (files.isEmpty()) {
      throw new UserError("train_input_reader: " + patterns + " match only directories; point input_path at the"
          + " shard files, e.g. .../pet_faces_train.record-*");
    }
    SerializableConfiguration hadoop = new SerializableConfiguration(conf);
    JavaRDD<byte[]> perShard = sc.parallelize(files, files.size())
        .mapPartitions(paths -> read(paths, hadoop.get()))
        .persist(StorageLevel.MEMORY_AND_DISK_SER());
    Map<Integer, Long> counts = new java.util.HashMap<>();
    long maxLabel = 0;
    String maxLabelFile = null;
    for (long[] c : countAndLabels(perShard)) {
      counts.put((int) c[0], c[1]);
      if (c[2] > maxLabel) {
        maxLabel = c[2];
        maxLabelFile = files.get((int) c[0]);
      }
    }
    List<String> empty = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      if (counts.getOrDefault(i, 0L) == 0) {
        empty.add(files.get(i));
      }
    }
    if (empty.size() == files.size()) {
      perShard.unpersist();
      throw new UserError("train_input_reader: the " + files.size() + " files " + patterns + " match hold no"
          + " records; run convert first (or check input_path)");
    }
    if (!empty.isEmpty()) {
      log.printf(java.util.Locale.ROOT, "%d of %d shards hold no records (fewer examples than shards?), e.g. %s%n",
          empty.size(), files.size(), empty.get(0));
      log.flush();
    }
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    JavaRDD<byte[]> byWorker = perShard;
    long fewest = counts.values().stream().mapToLong(Long::longValue).min().orElse(0);
    // one partition per worker, none of them empty nor holding less than a batch where the records allow
    if (files.size() != workers || !empty.isEmpty() || fewest < Math.min(batchSize, total / workers)) {
      // record i goes to worker i mod W: the workers' shares differ by one at most (repartition's round robin
      // from a random start per source partition leaves them uneven on small shards)
      byWorker = perShard.zipWithIndex()
          .mapToPair(r -> new scala.Tuple2<>(r._2() % workers, r._1()))
          .partitionBy(new org.apache.spark.HashPartitioner(workers))
          .values()
          .persist(StorageLevel.MEMORY_AND_DISK_SER());
      byWorker.count();
      fewest = total / workers;
      perShard.unpersist();
    }
    return new ShardRecords(byWorker, total, files.size(), fewest, new Labels(maxLabel, maxLabelFile));
  }

  /**
   * Per shard: its index, its records and their largest label id. The shards are read here, on the executors; a
   * damaged one fails its task, and the job's failure is turned into one line naming the shard.
   */
  private static List<long[]> countAndLabels(JavaRDD<byte[]> perShard) {
    try {
      return TaskFailures.namingDamage("train_input_reader", () -> perShard.mapPartitionsWithIndex((i, it) -> {
        long n = 0;
        long max = 0;
        while (it.hasNext()) {
          n++;
          max = Math.max(max, LabelIds.max(it.next()));
        }
        return List.of(new long[] {i, n, max}).iterator();
      }, true).collect());
    } catch (UserError e) {
      perShard.unpersist();
      throw e;
    }
  }

  private static Iterator<byte[]> read(Iterator<String> paths, Configuration conf) throws IOException {
    List<byte[]> out = new ArrayList<>();
    while (paths.hasNext()) {
      Path file = new Path(paths.next());
      out.addAll(RecordFiles.read(FileSystems.of(file, conf), file));
    }
    return out.iterator();
  }

  /** The records, one partition per worker. */
  public JavaRDD<byte[]> rdd() {
    return records;
  }

  public long count() {
    return count;
  }

  public int shards() {
    return shards;
  }

  /** The records of the worker that holds the fewest. */
  public long fewestPerWorker() {
    return fewestPerWorker;
  }

  public Labels labels() {
    return labels;
  }

  public void release() {
    records.unpersist();
  }
}
