package io.sparkrcnn.jobs.nightly;

import io.sparkrcnn.jobs.spark.HadoopConfigurations;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sparkrcnn nightly}: retrains on a growing dataset and publishes the model only when it is better. */
@Command(name = "nightly", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"One unattended retraining run in WORK_DIR/runs/<run-id>/: converts --data_dir, trains starting"
        + " from the published model (from scratch the first night), evaluates the new and the published model on"
        + " the run's val records, exports, and publishes MODEL_DIR/versions/<run-id>/ and switches MODEL_DIR/current"
        + " to it only if the new mAP@0.5 >= the published one + --min_improvement. WORK_DIR/runs/<run-id>/run.json"
        + " records the run. A rerun after a crash resumes the unfinished run.",
        "Exit status: 0 published, 3 trained but not promoted (the published model untouched), 2 bad input or"
            + " another run holds MODEL_DIR/nightly.lock, 1 failure."})
public final class NightlyCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec command;

  @Option(names = "--data_dir", required = true, paramLabel = "DIR",
      description = "The Pets-layout dataset (images/, annotations/), converted afresh by each run.")
  String dataDir;

  @Option(names = "--pipeline_config_path", required = true, paramLabel = "FILE",
      description = "The pipeline config template; each run sets its PATH_TO_BE_CONFIGURED to the run's records.")
  String pipelineConfigPath;

  @Option(names = "--work_dir", required = true, paramLabel = "DIR",
      description = "Where runs/<run-id>/ go (records, train, eval, export, run.json); one per model_dir.")
  String workDir;

  @Option(names = "--model_dir", required = true, paramLabel = "DIR",
      description = "The published model: versions/<run-id>/ and the current pointer.")
  String modelDir;

  @Option(names = "--num_train_steps", paramLabel = "N",
      description = "Steps each run trains (overrides train_config.num_steps).")
  Integer numTrainSteps;

  @Option(names = "--min_improvement", paramLabel = "D", defaultValue = "0",
      description = "mAP@0.5 the new model must gain over the published one to replace it (default: ${DEFAULT-VALUE}).")
  double minImprovement;

  @Option(names = "--num_workers", paramLabel = "W", defaultValue = "1",
      description = "Training workers, as train's (default: ${DEFAULT-VALUE}).")
  int numWorkers;

  @Option(names = "--save_checkpoints_steps", paramLabel = "N", defaultValue = "500",
      description = "Checkpoint every N steps, and at the end; a resumed run continues from the last"
          + " (default: ${DEFAULT-VALUE}).")
  int saveCheckpointsSteps;

  @Option(names = "--num_shards", paramLabel = "N", defaultValue = "10",
      description = "Shards per split, as the template's input paths name them (default: ${DEFAULT-VALUE}).")
  int numShards;

  @Option(names = "--device", paramLabel = "cpu|gpu", defaultValue = "cpu",
      description = "Where training computes, as train's (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(names = "--run_id", paramLabel = "ID",
      description = "This run's id; default: the unfinished run to resume, else the UTC time (yyyyMMddTHHmmssZ).")
  String runId;

  @Override
  public Integer call() throws Exception {
    NightlyOptions options = new NightlyOptions(dataDir, pipelineConfigPath, workDir, modelDir, numTrainSteps,
        minImprovement, numWorkers, saveCheckpointsSteps, numShards, device, runId);
    PrintWriter out = command.commandLine().getOut();
    NightlyResult r = new NightlyJob(HadoopConfigurations.fromSparkConf(), out, command.commandLine().getErr())
        .run(options);
    out.printf(Locale.ROOT, "run %s: mAP@0.5 %.4f, published %s; current: %s%n", r.runId(), r.newMap(),
        r.publishedMap() == null ? "none" : String.format(Locale.ROOT, "%.4f (%s)", r.publishedMap(),
            r.previousVersion()), r.currentVersion());
    out.println("run record: " + r.record());
    out.flush();
    return r.exitStatus();
  }
}
