package io.sparkrcnn.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.io.testing.TensorFlowReader;
import io.sparkrcnn.jobs.testing.Cli;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.detector.FasterRcnnGraph;
import io.sparkrcnn.model.checkpoint.Checkpoints;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Spark training of the tiny model on shards in a MiniDFSCluster, in local mode with two workers: checkpoints,
 * events and resume on HDFS through the command line; exact restore, a failed task and a diverging run through
 * {@link SparkTrainer}.
 */
@Tag("slow")
class SparkTrainingIT {
  @TempDir static Path tmp;
  static MiniDFSCluster cluster;
  static FileSystem hdfs;
  static String root;
  static Path config;

  @BeforeAll
  static void shardsOnHdfs() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("dfs").toString());
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
    hdfs = cluster.getFileSystem();
    root = hdfs.getUri().toString();
    Path pets = tmp.resolve("pets");
    assertEquals(0, Cli.run("synth", "--output_dir", pets.toString(), "--num_classes", "3", "--images_per_class",
        "12", "--image_size", "128x96").exit());
    Cli.Run convert = Cli.run("convert", "--data_dir", pets.toString(), "--output_dir", root + "/records");
    assertEquals(0, convert.exit(), convert.err());
    config = tmp.resolve("tiny.config");
    Files.writeString(config, Files.readString(Path.of("..", "cluster-configs", "pipelines", "tiny_pets.config"))
        .replace("PATH_TO_BE_CONFIGURED", root + "/records"));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.shutdown();
    }
  }

  private static List<Double> losses(String log) {
    List<Double> out = new ArrayList<>();
    Matcher m = Pattern.compile("step \\d+/\\d+  loss ([0-9.]+)").matcher(log);
    while (m.find()) {
      out.add(Double.parseDouble(m.group(1)));
    }
    return out;
  }

  private static List<org.tensorflow.util.Event> events(String dir) throws Exception {
    List<org.tensorflow.util.Event> all = new ArrayList<>();
    for (var status : hdfs.listStatus(new org.apache.hadoop.fs.Path(dir))) {
      String name = status.getPath().getName();
      if (name.startsWith("events.out.tfevents.")) {
        Path local = tmp.resolve("events-" + System.nanoTime());
        hdfs.copyToLocalFile(status.getPath(), new org.apache.hadoop.fs.Path(local.toUri()));
        List<byte[]> records = TensorFlowReader.records(local);
        assertEquals("brain.Event:2", org.tensorflow.util.Event.parseFrom(records.get(0)).getFileVersion());
        for (byte[] r : records.subList(1, records.size())) {
          all.add(org.tensorflow.util.Event.parseFrom(r));
        }
      }
    }
    all.sort(java.util.Comparator.comparingLong(org.tensorflow.util.Event::getStep));
    return all;
  }

  @Test
  void twoWorkersTrainFromHdfsShardsCheckpointAndResume() throws Exception {
    String trainDir = root + "/train/two-workers";
    Cli.Run first = Cli.run("train", "--pipeline_config_path", config.toString(), "--train_dir", trainDir,
        "--num_workers", "2", "--num_train_steps", "6", "--averaging_frequency", "2", "--log_every_n_steps", "2",
        "--save_checkpoints_steps", "4");
    assertEquals(0, first.exit(), first.err());
    assertTrue(first.out().contains("2 workers x batch 4"), first.out());
    assertTrue(hdfs.exists(new org.apache.hadoop.fs.Path(trainDir + "/model.ckpt-4")));
    assertTrue(hdfs.exists(new org.apache.hadoop.fs.Path(trainDir + "/model.ckpt-6")));
    String index = new String(hdfs.open(new org.apache.hadoop.fs.Path(trainDir + "/checkpoint")).readAllBytes());
    assertTrue(index.startsWith("model_checkpoint_path: \"model.ckpt-6\""), index);

    Cli.Run second = Cli.run("train", "--pipeline_config_path", config.toString(), "--train_dir", trainDir,
        "--num_workers", "2", "--num_train_steps", "24", "--averaging_frequency", "2", "--log_every_n_steps", "6",
        "--save_checkpoints_steps", "100");
    assertEquals(0, second.exit(), second.err());
    assertTrue(second.out().contains("resuming from") && second.out().contains("model.ckpt-6 (step 6)"), second.out());
    assertFalse(second.out().contains("step 2/24"), second.out());
    String index2 = new String(hdfs.open(new org.apache.hadoop.fs.Path(trainDir + "/checkpoint")).readAllBytes());
    assertTrue(index2.startsWith("model_checkpoint_path: \"model.ckpt-24\""), index2);

    List<org.tensorflow.util.Event> events = events(trainDir);
    assertEquals(List.of(2L, 4L, 6L, 12L, 18L, 24L), events.stream().map(org.tensorflow.util.Event::getStep).toList());
    var tags = events.get(5).getSummary().getValueList().stream()
        .collect(java.util.stream.Collectors.toMap(v -> v.getTag(), v -> v.getSimpleValue()));
    assertTrue(tags.keySet().containsAll(List.of("Losses/TotalLoss", "Losses/Loss/RPNLoss/objectness_loss",
        "Losses/Loss/RPNLoss/localization_loss", "Losses/Loss/BoxClassifierLoss/classification_loss",
        "Losses/Loss/BoxClassifierLoss/localization_loss", "LearningRate", "images/sec", "global_step/sec")),
        tags.toString());
    assertEquals(0.01f, tags.get("LearningRate"), 1e-7f);

    List<Double> losses = new ArrayList<>(losses(first.out()));
    losses.addAll(losses(second.out()));
    assertEquals(6, losses.size(), first.out() + second.out());
    double early = losses.get(0);
    double late = losses.get(losses.size() - 1);
    assertTrue(late < 0.8 * early, "loss goes down: " + losses);
  }

  @Test
  void fineTuningOnSparkRestoresExcludesAndFreezesByScope() throws Exception {
    PipelineSettings settings = PipelineSettings.parse(Files.readString(config), config.toString());
    ComputationGraph source = FasterRcnnGraph.build(settings.model(), settings.train(), 7);
    Checkpoints sourceDir = new Checkpoints(hdfs, new org.apache.hadoop.fs.Path(root + "/train/source"), 5);
    String sourcePath = sourceDir.write(source, 0).toString();
    Path tuned = tmp.resolve("tuned.config");
    Files.writeString(tuned, Files.readString(config).replace("train_config: {\n", "train_config: {\n"
        + "  fine_tune_checkpoint: \"" + sourcePath + "\"\n  fine_tune_checkpoint_type: \"detection\"\n"
        + "  load_all_detection_checkpoint_vars: true\n"
        + "  freeze_variables: \"tiny/\"\n  freeze_variables: \"box_classifier_\"\n"));
    String trainDir = root + "/train/tuned";
    Cli.Run run = Cli.run("train", "--pipeline_config_path", tuned.toString(), "--train_dir", trainDir,
        "--num_workers", "2", "--num_train_steps", "4", "--averaging_frequency", "2",
        "--checkpoint_exclude_scopes", "box_classifier_");
    assertEquals(0, run.exit(), run.out() + run.err());
    assertTrue(run.out().contains("fine-tuning from"), run.out());

    var trained = new Checkpoints(hdfs, new org.apache.hadoop.fs.Path(trainDir), 5).load(
        new org.apache.hadoop.fs.Path(trainDir + "/model.ckpt-4")).paramTable();
    var fresh = FasterRcnnGraph.build(settings.model(), settings.train(), 1).paramTable();
    var from = source.paramTable();
    int frozenChecked = 0;
    int excludedChecked = 0;
    int trainedChecked = 0;
    for (var e : trained.entrySet()) {
      String name = e.getKey();
      if (name.endsWith("_mean") || name.endsWith("_var") || name.endsWith("_log10stdev")) {
        continue; // batch-norm statistics move with batch_norm_trainable, frozen or not
      }
      if (name.startsWith("tiny/")) {
        assertEquals(from.get(name), e.getValue(), name + ": restored and frozen");
        frozenChecked++;
      } else if (name.startsWith("box_classifier_")) {
        assertEquals(fresh.get(name), e.getValue(), name + ": excluded (fresh) and frozen");
        excludedChecked++;
      } else {
        assertFalse(from.get(name).equals(e.getValue()), name + ": restored, then trained");
        assertFalse(fresh.get(name).equals(e.getValue()), name + ": not a fresh initialisation");
        trainedChecked++;
      }
    }
    assertTrue(frozenChecked > 10 && excludedChecked >= 4 && trainedChecked >= 4,
        frozenChecked + " " + excludedChecked + " " + trainedChecked);
  }

  private static JavaSparkContext localSpark(String master) {
    return new JavaSparkContext(new SparkConf().setMaster(master).setAppName("SparkTrainingIT")
        .set("spark.ui.enabled", "false"));
  }

  private record Run(PipelineSettings settings, Checkpoints checkpoints, SparkTrainer trainer, ShardRecords records,
      StringWriter log) {}

  private static Run trainer(JavaSparkContext sc, String dir, int checkpointEvery) throws Exception {
    PipelineSettings settings = PipelineSettings.parse(Files.readString(config), config.toString());
    Configuration conf = hdfs.getConf();
    Checkpoints checkpoints = new Checkpoints(hdfs, new org.apache.hadoop.fs.Path(root + dir), 5);
    StringWriter log = new StringWriter();
    ShardRecords records = ShardRecords.load(sc, conf, settings.trainInput(), config.toString(), 2,
        new PrintWriter(log, true));
    SparkTrainer trainer = new SparkTrainer(sc, settings.train(), BatchSpec.of(settings, 3), checkpoints,
        new SparkTrainer.Options(2, 2, 1, checkpointEvery, 2), new PrintWriter(log, true));
    return new Run(settings, checkpoints, trainer, records, log);
  }

  /** Records the iteration count each worker's graph trains at (the learning-rate schedule's position). */
  static final class RecordSteps implements MultiDataSetHook {
    static final java.util.Set<Integer> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public void preUpdate(MultiDataSet minibatch, Model model) {
      seen.add(((ComputationGraph) model).getIterationCount());
    }
  }

  @Test
  void aResumedRunStartsFromExactlyTheSavedParametersUpdaterAndStep() throws Exception {
    RecordSteps.seen.clear();
    try (JavaSparkContext sc = localSpark("local[2]")) {
      Run run = trainer(sc, "/train/exact", 4);
      run.trainer().hook(new RecordSteps());
      ComputationGraph graph = FasterRcnnGraph.build(run.settings().model(), run.settings().train(), 3);
      SparkTrainer.Result r = run.trainer().train(graph, run.records(), 4);
      assertEquals(4, r.step());
      ComputationGraph restored = run.checkpoints().load(run.checkpoints().latest());
      assertEquals(4, restored.getIterationCount());
      assertEquals(graph.params(), restored.params());
      assertEquals(graph.getUpdater().getStateViewArray(), restored.getUpdater().getStateViewArray());
      assertTrue(graph.getUpdater().getStateViewArray().amaxNumber().doubleValue() > 0, "momentum was saved");
      SparkTrainer.Result more = run.trainer().train(restored, run.records(), 6);
      assertEquals(6, more.step());
      // workers trained at the global step in every round (DL4J's worker alone would restart each round at 0)
      assertEquals(java.util.Set.of(0, 1, 2, 3, 4, 5), RecordSteps.seen);
      assertTrue(run.log().toString().contains("step 6/6"), run.log().toString());
    }
  }

  /** Fails the first attempt of the task that trains step 3 on worker 0; a retried attempt goes through. */
  static final class FailOnce implements MultiDataSetHook {
    static final AtomicInteger failures = new AtomicInteger();

    @Override
    public void preUpdate(MultiDataSet minibatch, Model model) {
      ComputationGraph g = (ComputationGraph) model;
      TaskContext task = TaskContext.get();
      if (g.getIterationCount() == 2 && task.partitionId() == 0 && task.attemptNumber() == 0) {
        failures.incrementAndGet();
        throw new IllegalStateException("injected executor failure at step 3");
      }
    }
  }

  @Test
  void aTaskThatFailsMidTrainingIsRetriedAndTheRunCompletes() throws Exception {
    FailOnce.failures.set(0);
    try (JavaSparkContext sc = localSpark("local[2,4]")) {
      Run run = trainer(sc, "/train/retried", 100);
      run.trainer().hook(new FailOnce());
      ComputationGraph graph = FasterRcnnGraph.build(run.settings().model(), run.settings().train(), 3);
      SparkTrainer.Result r = run.trainer().train(graph, run.records(), 6);
      assertEquals(1, FailOnce.failures.get(), "the failure was injected once");
      assertEquals(6, r.step());
      assertTrue(Double.isFinite(r.loss()));
      assertTrue(hdfs.exists(new org.apache.hadoop.fs.Path(root + "/train/retried/model.ckpt-6")));
    }
  }

  /** Makes the parameters of worker 1 NaN from step 3 on, as an exploding gradient would. */
  static final class Explode implements MultiDataSetHook {
    @Override
    public void postUpdate(MultiDataSet minibatch, Model model) {
      if (((ComputationGraph) model).getIterationCount() >= 3 && TaskContext.get().partitionId() == 1) {
        model.params().assign(Double.NaN);
      }
    }
  }

  @Test
  void aDivergingRunStopsWithOneMessageAndKeepsTheLastGoodCheckpoint() throws Exception {
    try (JavaSparkContext sc = localSpark("local[2]")) {
      Run run = trainer(sc, "/train/diverged", 2);
      run.trainer().hook(new Explode());
      ComputationGraph graph = FasterRcnnGraph.build(run.settings().model(), run.settings().train(), 3);
      TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
          () -> run.trainer().train(graph, run.records(), 8));
      assertTrue(e.getMessage().contains("model.ckpt-2") && e.getMessage().contains("steps 3-4"), e.getMessage());
      assertEquals("model.ckpt-2", run.checkpoints().latest().getName());
      assertFalse(hdfs.exists(new org.apache.hadoop.fs.Path(root + "/train/diverged/model.ckpt-4")));
    }
  }
}
