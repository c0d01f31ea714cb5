package io.sparkrcnn.jobs.predict;

import io.sparkrcnn.jobs.spark.HadoopConfigurations;
import io.sparkrcnn.jobs.spark.SparkContextFactory;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sparkrcnn predict}: batch detection with an exported or trained model, on the Spark executors. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Runs a trained detector over images and TFRecords on the Spark executors and writes"
        + " OUTPUT_DIR/detections.jsonl (the eval --detections_file format: every detection of every image),"
        + " images/<id>.jpg (each image at its original size with its detections above --min_score_thresh drawn"
        + " as the Object Detection API's visualization utilities draw them) and predict_report.json (counts and"
        + " the inputs skipped, with reasons).",
        "Inputs that cannot be read or decoded are skipped and counted, never fatal. The output appears whole, by"
            + " a rename, when the run is done."})
public final class PredictCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec command;

  @Option(names = "--model_dir", paramLabel = "DIR",
      description = "An export directory: model.dl4j.zip, pipeline.config, label_map.pbtxt (sparkrcnn export).")
  String modelDir;

  @Option(names = "--checkpoint_dir", paramLabel = "DIR",
      description = "Instead of --model_dir: a train_dir whose newest whole checkpoint to run (as eval finds it).")
  String checkpointDir;

  @Option(names = "--pipeline_config_path", paramLabel = "FILE",
      description = "With --checkpoint_dir: the pipeline config the checkpoint was trained with.")
  String pipelineConfigPath;

  @Option(names = "--label_map_path", paramLabel = "FILE",
      description = "Class names for the drawings; default: the export's label_map.pbtxt, or the config's"
          + " eval_input_reader label_map_path (the built-in Pets map when it names none).")
  String labelMapPath;

  @Option(names = "--input_path", required = true, paramLabel = "PATH[,PATH…]",
      description = "Image files (JPEG, PNG, GIF, BMP), directories of them, globs, or TFRecord files of"
          + " tf.train.Examples (plain or GZIP), comma-separated, on any Hadoop filesystem. A file's kind is told"
          + " from its first bytes, then its extension.")
  String inputPath;

  @Option(names = "--output_dir", required = true, paramLabel = "DIR",
      description = "Where detections.jsonl, images/ and predict_report.json go (created; see --overwrite).")
  String outputDir;

  @Option(names = "--min_score_thresh", defaultValue = "0.5", paramLabel = "S",
      description = "Draw detections scoring above this; detections.jsonl keeps them all (default: ${DEFAULT-VALUE}).")
  float minScoreThresh;

  @Option(names = "--visualize", arity = "1", defaultValue = "true", paramLabel = "true|false",
      description = "Write images/<id>.jpg with the detections drawn (default: ${DEFAULT-VALUE}).")
  boolean visualize;

  @Option(names = "--overwrite", description = "Replace the output of an earlier predict run in --output_dir.")
  boolean overwrite;

  @Override
  public Integer call() throws Exception {
    PredictOptions options = new PredictOptions(modelDir, checkpointDir, pipelineConfigPath, labelMapPath, inputPath,
        outputDir, minScoreThresh, visualize, overwrite);
    var out = command.commandLine().getOut();
    PredictResult r = new PredictJob(HadoopConfigurations.fromSparkConf(), SparkContextFactory.DEFAULT, out)
        .run(options);
    out.printf(Locale.ROOT, "%d of %d inputs predicted, %d skipped (see %s); %d detections, %d drawn%n",
        r.predicted(), r.inputs(), r.skipped(), PredictOutput.REPORT, r.detections(), r.drawn());
    out.println("detections: " + r.outputDir() + "/" + DetectionsJsonl.NAME);
    out.flush();
    return 0;
  }
}
