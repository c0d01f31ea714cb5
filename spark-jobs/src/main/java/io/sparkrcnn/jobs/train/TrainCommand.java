package io.sparkrcnn.jobs.train;

import io.sparkrcnn.jobs.UserError;
import io.sparkrcnn.jobs.spark.HadoopConfigurations;
import io.sparkrcnn.jobs.spark.SparkContextFactory;
import io.sparkrcnn.model.trainable.ParameterScopes;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sparkrcnn train}: trains the pipeline config's Faster R-CNN, checkpoints into {@code --train_dir}. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Trains the Faster R-CNN of a pipeline config on its train_input_reader records and writes"
        + " TRAIN_DIR/model.ckpt-<step> (DL4J model zips with updater state), a 'checkpoint' index naming the"
        + " latest, and a copy of the config as TRAIN_DIR/pipeline.config. Started again on the same TRAIN_DIR it"
        + " resumes from the latest checkpoint. Training runs on the Spark executors: --num_workers workers each"
        + " read their share of the TFRecord shards from the Hadoop filesystem and train on train_config.batch_size"
        + " images per step; every --averaging_frequency steps DL4J averages their parameters and updater state."})
public final class TrainCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec command;

  @Option(names = "--pipeline_config_path", required = true, paramLabel = "FILE",
      description = "The pipeline config (protobuf text format, as the Object Detection API's).")
  String pipelineConfigPath;

  @Option(names = "--train_dir", paramLabel = "DIR", description = "Where checkpoints go (any Hadoop filesystem).")
  String trainDir;

  @Option(names = "--num_train_steps", paramLabel = "N",
      description = "Steps to train to (overrides train_config.num_steps).")
  Integer numTrainSteps;

  @Option(names = "--num_workers", paramLabel = "W", defaultValue = "1",
      description = "Workers (Spark tasks training at once, one per executor core or GPU) (default: ${DEFAULT-VALUE}).")
  int numWorkers;

  @Option(names = "--averaging_frequency", paramLabel = "N", defaultValue = "" + TrainOptions.AVERAGING_FREQUENCY,
      description = "Steps each worker takes between parameter averagings (default: ${DEFAULT-VALUE}).")
  int averagingFrequency;

  @Option(names = "--prefetch_batches", paramLabel = "N", defaultValue = "" + TrainOptions.PREFETCH_BATCHES,
      description = "Batches a worker prepares ahead of training (default: ${DEFAULT-VALUE}).")
  int prefetchBatches;

  @Option(names = "--device", paramLabel = "cpu|gpu", defaultValue = "cpu",
      description = "Where the workers compute: cpu, or gpu (needs the CUDA build, -Pcuda) (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(names = "--checkpoint_exclude_scopes", paramLabel = "REGEX[,REGEX…]", defaultValue = "",
      description = "Parameters of fine_tune_checkpoint not to restore (regexes matched from the start of DL4J"
          + " parameter names, e.g. box_classifier_,rpn/): they keep their fresh initialisation.")
  String checkpointExcludeScopes;

  @Option(names = "--trainable_scopes", paramLabel = "REGEX[,REGEX…]", defaultValue = "",
      description = "Only these parameters train (added to train_config.update_trainable_variables); the rest are"
          + " frozen. Default: all but train_config.freeze_variables.")
  String trainableScopes;

  @Option(names = "--dry_run", description = "Check the config, build the model, print its summary and exit.")
  boolean dryRun;

  @Option(names = "--save_checkpoints_steps", paramLabel = "N", defaultValue = "500",
      description = "Checkpoint every N steps, and at the end (default: ${DEFAULT-VALUE}).")
  int checkpointEvery;

  @Option(names = "--log_every_n_steps", paramLabel = "N", defaultValue = "" + TrainOptions.LOG_EVERY,
      description = "Log loss and speed every N steps (default: ${DEFAULT-VALUE}).")
  int logEvery;

  @Option(names = "--keep_checkpoint_max", paramLabel = "N", defaultValue = "" + TrainOptions.KEEP,
      description = "Checkpoints kept (default: ${DEFAULT-VALUE}).")
  int keep;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "" + TrainOptions.SEED,
      description = "Initialisation and sampling seed.")
  long seed;

  @Override
  public Integer call() throws Exception {
    TrainOptions options = options();
    PrintWriter out = command.commandLine().getOut();
    TrainResult r = new TrainJob(HadoopConfigurations.fromSparkConf(), SparkContextFactory.DEFAULT, out).run(options);
    if (r.trained()) {
      if (r.unusableRecords() > 0) {
        out.printf(Locale.ROOT, "%d unusable records were skipped%n", r.unusableRecords());
      }
      out.printf(Locale.ROOT, "finished at step %d, loss %.4f, %.2f images/s%n", r.step(), r.loss(),
          r.imagesPerSecond());
      out.println("checkpoint: " + r.checkpoint());
      out.flush();
    }
    return 0;
  }

  TrainOptions options() {
    ParameterScopes exclude;
    ParameterScopes trainable;
    try {
      exclude = ParameterScopes.parse("--checkpoint_exclude_scopes", checkpointExcludeScopes);
      trainable = ParameterScopes.parse("--trainable_scopes", trainableScopes);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    return new TrainOptions(pipelineConfigPath, trainDir, numTrainSteps, numWorkers, averagingFrequency,
        prefetchBatches, device, exclude, trainable, dryRun, checkpointEvery, logEvery, keep, seed);
  }
}
