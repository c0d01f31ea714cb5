package io.sparkrcnn.jobs.eval;

import io.sparkrcnn.jobs.UserError;
import io.sparkrcnn.jobs.spark.SparkContextFactory;
import io.sparkrcnn.jobs.train.PipelineFiles;
import io.sparkrcnn.model.config.PipelineConfigs;
import io.sparkrcnn.model.config.proto.TrainEvalPipelineConfig;
import java.io.IOException;
import java.io.PrintWriter;
import org.apache.hadoop.conf.Configuration;

/**
 * The eval job: VOC and COCO metrics of a checkpoint's detections (computed on the executors) or of a detections
 * file, against the ground truth of the pipeline config's eval_input_reader, written to EVAL_DIR/metrics.json.
 * Bad input is refused as a {@link UserError}; warnings go to {@code out} (checkpoints) and {@code err}
 * (detections).
 */
public final class EvalJob {
  static final String READER = "eval_input_reader";

  private final Configuration conf;
  private final SparkContextFactory contexts;
  private final PrintWriter out;
  private final PrintWriter err;

  public EvalJob(Configuration conf, SparkContextFactory contexts, PrintWriter out, PrintWriter err) {
    this.conf = conf;
    this.contexts = contexts;
    this.out = out;
    this.err = err;
  }

  public EvalResult run(EvalOptions o) throws IOException {
    PipelineFiles.checkDirectory(conf, o.evalDir(), "--eval_dir");
    String configPath = o.pipelineConfigPath();
    String text = PipelineFiles.readText(conf, configPath, "--pipeline_config_path");
    TrainEvalPipelineConfig config = PipelineConfigs.parse(text, configPath);
    EvalInput input = EvalInput.of(conf, config, configPath);
    EvalResult r = o.checkpointDir() != null
        ? new CheckpointScoring(conf, contexts, out).score(o, config, text, input)
        : new DetectionsScoring(conf, contexts, err).score(o.detectionsFile(), input.inputs(), input.labels());
    return r.writtenTo(MetricsFile.write(conf, o.evalDir(), r.metrics()));
  }
}
