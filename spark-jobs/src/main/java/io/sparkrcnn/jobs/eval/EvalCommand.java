package io.sparkrcnn.jobs.eval;

import io.sparkrcnn.jobs.spark.HadoopConfigurations;
import io.sparkrcnn.jobs.spark.SparkContextFactory;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sparkrcnn eval}: VOC and COCO metrics of detections on the eval input, as {@code eval.py} writes them. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Scores detections against the ground truth of the pipeline config's eval_input_reader and writes"
        + " EVAL_DIR/metrics.json with the Object Detection API's keys (PascalBoxes_*, DetectionBoxes_*).",
        "With --checkpoint_dir it runs the latest checkpoint of a train_dir over the eval records (at most"
            + " eval_config.num_examples); with --detections_file it scores someone else's detections."})
public final class EvalCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec command;

  @Option(names = "--pipeline_config_path", required = true, paramLabel = "FILE",
      description = "The pipeline config; its eval_input_reader names the records and the label map.")
  String pipelineConfigPath;

  @Option(names = "--eval_dir", required = true, paramLabel = "DIR", description = "Where metrics.json goes.")
  String evalDir;

  @Option(names = "--checkpoint_dir", paramLabel = "DIR", description = "A train_dir whose latest checkpoint to evaluate.")
  String checkpointDir;

  @Option(names = "--detections_file", paramLabel = "FILE",
      description = "JSON lines {\"image_id\": <image/source_id>, \"boxes\": [[ymin,xmin,ymax,xmax] normalised],"
          + " \"scores\": [...], \"classes\": [1-based]} to score without a model.")
  String detectionsFile;

  @Override
  public Integer call() throws Exception {
    EvalOptions options = new EvalOptions(pipelineConfigPath, evalDir, checkpointDir, detectionsFile);
    var out = command.commandLine().getOut();
    EvalResult r = new EvalJob(HadoopConfigurations.fromSparkConf(), SparkContextFactory.DEFAULT, out,
        command.commandLine().getErr()).run(options);
    out.printf(Locale.ROOT, "%d images scored: %s%n", r.images(), r.scored());
    out.printf(Locale.ROOT, "PascalBoxes_Precision/mAP@0.5IOU = %.4f%n",
        r.metrics().get("PascalBoxes_Precision/mAP@0.5IOU"));
    out.printf(Locale.ROOT, "DetectionBoxes_Precision/mAP = %.4f%n", r.metrics().get("DetectionBoxes_Precision/mAP"));
    out.println("metrics: " + r.metricsFile());
    out.flush();
    return 0;
  }
}
