package io.sparkrcnn.jobs.convert;

import io.sparkrcnn.io.fs.FileSystems;
import io.sparkrcnn.io.fs.StagedOutput;
import io.sparkrcnn.io.fs.StagingLeftovers;
import io.sparkrcnn.io.labelmap.LabelMap;
import io.sparkrcnn.conversion.pets.PetsLayout;
import io.sparkrcnn.conversion.pets.ShardPlan;
import io.sparkrcnn.conversion.pets.ShardResult;
import io.sparkrcnn.conversion.pets.ShardSpec;
import io.sparkrcnn.conversion.report.ConversionReport;
import io.sparkrcnn.conversion.split.PetsSplit;
import io.sparkrcnn.jobs.UserError;
import io.sparkrcnn.jobs.spark.SerializableConfiguration;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The convert job: the driver reads the example list and splits it; executors convert and write
 * one shard each; the driver commits the shards, label map and report in one rename.
 */
public final class ConvertJob {
  public static final String LABEL_MAP_FILE = "pet_label_map.pbtxt";
  public static final String REPORT_FILE = "conversion_report.json";
  /** The default --num_shards: allowed for any dataset size, as the reference writes empty shards too. */
  static final int DEFAULT_NUM_SHARDS = 10;
  private static final Logger LOG = LoggerFactory.getLogger(ConvertJob.class);

  private final JavaSparkContext sc;
  private final String jobGroup = "sparkrcnn-convert-" + UUID.randomUUID();

  public ConvertJob(JavaSparkContext sc) {
    this.sc = sc;
  }

  public ConversionReport run(ConvertOptions o) throws IOException {
    long start = System.nanoTime();
    Configuration conf = sc.hadoopConfiguration();
    PetsLayout layout = new PetsLayout(o.dataDir());
    FileSystem inFs = FileSystems.of(layout.rootPath(), conf);
    checkInput(inFs, layout);
    LabelMap labelMap = io.sparkrcnn.jobs.train.PipelineFiles.labelMap(conf, o.labelMapPath(), "--label_map_path",
        "; omit it to use the built-in Pets map");

    List<String> ids = PetsLayout.readExampleIds(inFs, layout.trainvalList());
    checkShardCount(o.numShards(), ids.size(), layout);
    PetsSplit split = PetsSplit.of(ids);
    LOG.info("{} examples listed: {} training and {} validation", ids.size(), split.train().size(),
        split.val().size());
    List<ShardSpec> plan = ShardPlan.of(split, o.numShards(), o.conversion());

    Path outputDir = new Path(o.outputDir());
    FileSystem outFs = FileSystems.of(outputDir, conf);
    checkOutsideDataset(inFs.makeQualified(layout.rootPath()), outFs.makeQualified(outputDir));
    StagedOutput out = StagedOutput.begin(outFs, outputDir, o.overwrite(), REPORT_FILE);
    boolean committed = false;
    try {
      Broadcast<SerializableConfiguration> hadoopConf = sc.broadcast(new SerializableConfiguration(conf));
      var conversion = o.conversion();
      var compression = o.compression();
      // On a cluster one task per shard (executors may still be arriving, so the core count is not
      // known yet); in local mode the shards are grouped into 2 tasks per core to save task overhead.
      int tasks = sc.isLocal() ? Math.min(plan.size(), Math.max(1, 2 * sc.defaultParallelism())) : plan.size();
      sc.setJobGroup(jobGroup, "sparkrcnn convert", true); // interrupt the tasks of a failed job
      List<ShardResult> results = sc.parallelize(roundRobin(plan, tasks), tasks)
          .mapPartitions(new ShardTask(hadoopConf, layout, labelMap, conversion, compression,
              out.attempts().toString()))
          .collect();

      Map<String, Integer> listed = new LinkedHashMap<>();
      listed.put(ShardPlan.TRAIN, split.train().size());
      listed.put(ShardPlan.VAL, split.val().size());
      ConversionReport report = ConversionReport.of(new ConversionReport.Settings(
          inFs.makeQualified(layout.rootPath()).toString(), out.output().toString(), conversion.facesOnly(),
          conversion.maskType().name().toLowerCase(Locale.ROOT), compression.name().toLowerCase(Locale.ROOT),
          o.numShards(), o.maxSkippedFraction()), listed, results);
      if (report.tooManySkipped()) {
        ConvertSummary.logSkipReasons(report);
        throw new UserError(String.format(Locale.ROOT,
            "%d of %d listed examples (%.1f%%) are unusable, more than --max_skipped_fraction %s allows;"
                + " nothing was written (reasons above; raise the flag to accept them)",
            report.skippedCount(), report.examplesListed(), 100 * report.skippedFraction(),
            o.maxSkippedFraction()));
      }
      for (ShardResult r : results) {
        out.adopt(new Path(r.writtenPath()), r.fileName());
      }
      write(outFs, new Path(out.staging(), LABEL_MAP_FILE), labelMap.toPbtxt());
      write(outFs, new Path(out.staging(), REPORT_FILE), report.toJson());
      List<Path> kept = out.commit();
      committed = true;
      if (!kept.isEmpty()) {
        LOG.warn(StagingLeftovers.warning(out.output(), kept));
      }
      LOG.info("converted in {} s", String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
      return report;
    } finally {
      if (!committed) {
        // Spark's job failures are checked exceptions thrown unchecked: catch-all here. Tasks of the
        // failed job may still be running; let them stop before deleting what they write into.
        sc.cancelJobGroup(jobGroup);
        awaitNoRunningTasks();
        out.abort();
      }
      sc.clearJobGroup();
    }
  }

  private void awaitNoRunningTasks() {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline && Arrays.stream(sc.sc().statusTracker().getExecutorInfos())
        .anyMatch(e -> e.numRunningTasks() > 0)) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Orders the shards so that Spark's even slicing into {@code tasks} partitions deals them out
   * round-robin: each task gets train and val shards alike, so the tasks are about equally long.
   * Fewer tasks than shards saves Spark's per-task cost when there are fewer cores than shards.
   */
  static List<ShardSpec> roundRobin(List<ShardSpec> plan, int tasks) {
    List<ShardSpec> ordered = new ArrayList<>(plan.size());
    for (int t = 0; t < tasks; t++) {
      for (int i = t; i < plan.size(); i += tasks) {
        ordered.add(plan.get(i));
      }
    }
    return ordered;
  }

  private static void checkInput(FileSystem fs, PetsLayout layout) throws IOException {
    if (!fs.exists(layout.rootPath())) {
      throw new UserError("--data_dir " + layout.rootPath() + " does not exist; point it at the folder that holds"
          + " images/ and annotations/");
    }
    if (!fs.exists(layout.trainvalList())) {
      throw new UserError(layout.trainvalList() + " not found; --data_dir must be an Oxford-IIIT Pet folder"
          + " (images/, annotations/trainval.txt, annotations/xmls/)");
    }
    if (!fs.exists(layout.imagesDir())) {
      throw new UserError(layout.imagesDir() + " not found; --data_dir must hold the images/ folder of the dataset");
    }
  }

  /** More shards than examples (and than the default) would be almost all empty files. */
  static void checkShardCount(int numShards, int examples, PetsLayout layout) {
    if (numShards > Math.max(DEFAULT_NUM_SHARDS, examples)) {
      throw new UserError("--num_shards " + numShards + " is more than the " + examples + " examples listed in "
          + layout.trainvalList() + ", so most shards would be empty files; give at most "
          + Math.max(DEFAULT_NUM_SHARDS, examples));
    }
  }

  /** Replacing an output that is, or holds, the dataset would delete the dataset. */
  private static void checkOutsideDataset(Path data, Path output) {
    String d = data.toString().replaceAll("/+$", "") + "/";
    String o = output.toString().replaceAll("/+$", "") + "/";
    if (d.startsWith(o)) {
      throw new UserError("--output_dir " + output + " is or contains --data_dir " + data
          + "; choose an output folder outside the dataset");
    }
  }

  private static void write(FileSystem fs, Path path, String text) throws IOException {
    try (OutputStream o = fs.create(path, true)) {
      o.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }
}
