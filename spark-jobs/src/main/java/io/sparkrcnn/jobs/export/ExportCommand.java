package io.sparkrcnn.jobs.export;

import io.sparkrcnn.jobs.spark.HadoopConfigurations;
import io.sparkrcnn.jobs.spark.SparkContextFactory;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sparkrcnn export}: a checkpoint as TensorFlow consumers load it, as {@code export_inference_graph.py}. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Writes a checkpoint's detector to --output_directory as frozen_inference_graph.pb (input"
        + " image_tensor, outputs detection_boxes, detection_scores, detection_classes, num_detections),"
        + " frozen_inference_graph_quantized.pb (8-bit weights, graph_transforms quantize_weights' layout),"
        + " saved_model/ (tag serve, signature serving_default), model.dl4j.zip, pipeline.config and"
        + " label_map.pbtxt, all renamed into place when complete.",
        "export_report.json gives each one's size and, unless --skip_eval, its metrics on the eval_input_reader"
            + " (the keys of eval's metrics.json), computed by SparkRCNN's runtime on the artefact's exact weights."})
public final class ExportCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec command;

  @Option(names = "--pipeline_config_path", required = true, paramLabel = "FILE",
      description = "The pipeline config the checkpoint was trained with.")
  String pipelineConfigPath;

  @Option(names = "--trained_checkpoint_prefix", paramLabel = "TRAIN_DIR/model.ckpt-N",
      description = "The checkpoint to export.")
  String trainedCheckpointPrefix;

  @Option(names = "--checkpoint_dir", paramLabel = "TRAIN_DIR",
      description = "Export the newest whole checkpoint of this train_dir instead.")
  String checkpointDir;

  @Option(names = "--output_directory", required = true, paramLabel = "DIR",
      description = "Where the export goes (any Hadoop filesystem).")
  String outputDirectory;

  @Option(names = "--input_type", defaultValue = "image_tensor",
      paramLabel = "image_tensor|encoded_image_string_tensor",
      description = "The graphs' input: uint8 [N, H, W, 3] pixels, or a string [N] of JPEG/PNG files (default"
          + " ${DEFAULT-VALUE}).")
  String inputType;

  @Option(names = "--config_override", paramLabel = "TEXT", defaultValue = "",
      description = "A text-format pipeline config fragment merged over the file's, e.g."
          + " 'eval_config { num_examples: 50 }'.")
  String configOverride;

  @Option(names = "--overwrite", description = "Replace an existing --output_directory (once the new one is"
      + " complete).")
  boolean overwrite;

  @Option(names = "--skip_eval", description = "Write the artefacts and their sizes without evaluating them.")
  boolean skipEval;

  @Override
  public Integer call() throws Exception {
    ExportOptions options = ExportOptions.of(pipelineConfigPath, configOverride, trainedCheckpointPrefix,
        checkpointDir, outputDirectory, inputType, overwrite, skipEval);
    new ExportJob(HadoopConfigurations.fromSparkConf(), SparkContextFactory.DEFAULT, command.commandLine().getOut())
        .run(options);
    return 0;
  }
}
