package io.sparkrcnn.jobs.predict;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkrcnn.io.fs.FileSystems;
import io.sparkrcnn.io.fs.StagedOutput;
import io.sparkrcnn.io.fs.StagingLeftovers;
import io.sparkrcnn.jobs.infer.BroadcastDetector;
import io.sparkrcnn.jobs.spark.SerializableConfiguration;
import io.sparkrcnn.jobs.spark.SparkContextFactory;
import io.sparkrcnn.jobs.train.PipelineFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The predict job: the driver loads and checks the model ({@link ModelSource}) and lists the inputs
 * ({@link InputFiles}), then broadcasts the model; the executors read, detect, write their parts of
 * {@code detections.jsonl} and draw ({@link PredictTask}), sending back only ids, counts and paths; the driver
 * joins the parts, moves the drawings and writes {@code predict_report.json} into a staging directory renamed into
 * place at the end ({@link PredictOutput}, {@link StagedOutput}). Bad flags, models and inputs are refused as a
 * {@code UserError} before anything is written; unreadable inputs are skipped and counted.
 */
public final class PredictJob {
  private static final Logger LOG = LoggerFactory.getLogger(PredictJob.class);

  private final Configuration conf;
  private final SparkContextFactory contexts;
  private final PrintWriter out;

  public PredictJob(Configuration conf, SparkContextFactory contexts, PrintWriter out) {
    this.conf = conf;
    this.contexts = contexts;
    this.out = out;
  }

  public PredictResult run(PredictOptions o) throws IOException {
    PipelineFiles.checkDirectory(conf, o.outputDir(), "--output_dir");
    ModelSource.Loaded model = ModelSource.load(conf, o, out);
    List<String> files = InputFiles.list(conf, o.inputPath());
    Path output = new Path(o.outputDir());
    FileSystem fs = FileSystems.of(output, conf);
    StagedOutput staged = StagedOutput.begin(fs, output, o.overwrite(), PredictOutput.REPORT);
    boolean committed = false;
    try {
      List<TaskOutput> results = predict(o, model, files, staged);
      ObjectNode settings = new ObjectMapper().createObjectNode().put("model", model.description())
          .put("input_path", o.inputPath()).put("input_files", files.size())
          .put("min_score_thresh", o.minScoreThresh()).put("visualize", o.visualize());
      PredictResult r = PredictOutput.write(fs, staged, results, settings);
      List<Path> kept = staged.commit();
      committed = true;
      if (!kept.isEmpty()) {
        LOG.warn(StagingLeftovers.warning(staged.output(), kept));
      }
      if (r.skipped() > 0) {
        PredictResult.Skip first = r.firstSkips().get(0);
        LOG.warn("{} of {} inputs skipped (listed in {}), the first: {} ({}): {}", r.skipped(), r.inputs(),
            PredictOutput.REPORT, first.id(), first.source(), first.reason());
      }
      return r;
    } finally {
      if (!committed) {
        staged.abort();
      }
    }
  }

  /** Runs the executors; the context is closed (its tasks stopped) when this returns or throws. */
  private List<TaskOutput> predict(PredictOptions o, ModelSource.Loaded model, List<String> files,
      StagedOutput staged) throws IOException {
    try (JavaSparkContext sc = contexts.create("sparkrcnn-predict", 0)) {
      BroadcastDetector detector = BroadcastDetector.of(sc, model.graph(), model.configText(), model.configPath());
      int tasks = Math.min(files.size(), Math.max(1, 4 * sc.defaultParallelism()));
      PredictTask task = new PredictTask(detector, new SerializableConfiguration(conf), files,
          new HashMap<>(model.labels().namesById()), o.minScoreThresh(), o.visualize(), staged.attempts().toString());
      // parallelize slices the list into consecutive ranges: partition order is input order
      List<TaskOutput> results = sc.parallelize(IntStream.range(0, files.size()).boxed().toList(), tasks)
          .mapPartitionsWithIndex(task, false).collect();
      detector.release();
      return results;
    }
  }
}
