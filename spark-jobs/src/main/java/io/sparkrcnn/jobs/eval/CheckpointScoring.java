package io.sparkrcnn.jobs.eval;

import io.sparkrcnn.io.fs.FileSystems;
import io.sparkrcnn.jobs.UserError;
import io.sparkrcnn.jobs.spark.SparkContextFactory;
import io.sparkrcnn.model.checkpoint.Checkpoints;
import io.sparkrcnn.model.checkpoint.UnusableCheckpointException;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.config.proto.TrainEvalPipelineConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Scores a train_dir's latest checkpoint: the driver loads it and checks that it fits the config, then
 * {@link ModelScoring} runs it on the executors over the first eval_config.num_examples eval records.
 */
final class CheckpointScoring {
  private final Configuration conf;
  private final SparkContextFactory contexts;
  private final PrintWriter out;

  CheckpointScoring(Configuration conf, SparkContextFactory contexts, PrintWriter out) {
    this.conf = conf;
    this.contexts = contexts;
    this.out = out;
  }

  EvalResult score(EvalOptions o, TrainEvalPipelineConfig config, String configText, EvalInput input)
      throws IOException {
    PipelineSettings settings = PipelineSettings.of(config, o.pipelineConfigPath());
    Checkpoints.Loaded loaded = latest(o.checkpointDir());
    Path latest = loaded.checkpoint();
    ModelScoring.Scored r = new ModelScoring(conf, contexts).score("sparkrcnn-eval", settings, configText,
        o.pipelineConfigPath(), input, List.of(loaded.graph()), latest.toString()).get(0);
    String what = latest + " (step " + Checkpoints.stepOf(latest) + ")" + (r.skipped() > 0
        ? ", " + r.skipped() + " unusable records skipped" : "");
    return new EvalResult(r.metrics(), r.images() - r.skipped(), r.skipped(), what, null);
  }

  private Checkpoints.Loaded latest(String checkpointDir) throws IOException {
    Path dir = new Path(checkpointDir);
    Checkpoints checkpoints = new Checkpoints(FileSystems.of(dir, conf), dir, Integer.MAX_VALUE);
    Checkpoints.Loaded loaded;
    try {
      loaded = checkpoints.loadLatest();
    } catch (UnusableCheckpointException e) {
      throw new UserError("--checkpoint_dir: " + e.getMessage());
    }
    if (loaded == null) {
      throw new UserError("--checkpoint_dir " + checkpointDir + " has no checkpoint (no model.ckpt-N, no"
          + " 'checkpoint' index); train into it first");
    }
    if (loaded.note() != null) {
      out.println("warning: " + loaded.note());
    }
    return loaded;
  }

  /** How many records of each file the first {@code max} in input order take; null (all) when max is 0. */
  static long[] take(long[] perFile, long max) {
    if (max <= 0) {
      return null;
    }
    long[] take = new long[perFile.length];
    long before = 0;
    for (int f = 0; f < perFile.length; f++) {
      take[f] = Math.max(0, Math.min(perFile[f], max - before));
      before += perFile[f];
    }
    return take;
  }
}
