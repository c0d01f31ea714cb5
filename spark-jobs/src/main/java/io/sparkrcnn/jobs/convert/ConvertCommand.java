package io.sparkrcnn.jobs.convert;

import io.sparkrcnn.conversion.pets.MaskType;
import io.sparkrcnn.conversion.pets.PetsConversionOptions;
import io.sparkrcnn.conversion.report.ConversionReport;
import io.sparkrcnn.io.tfrecord.Compression;
import io.sparkrcnn.jobs.UserError;
import io.sparkrcnn.jobs.spark.SparkContexts;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sparkrcnn convert}: Pets folders to sharded TFRecords, as {@code create_pet_tf_record.py}. */
@Command(name = "convert", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Converts an Oxford-IIIT Pet folder (images/, annotations/) into sharded TFRecords of tf.train.Example,"
            + " split 70/30 into train and val exactly as create_pet_tf_record.py does.",
        "Writes <base>_{train,val}.record-NNNNN-of-MMMMM, pet_label_map.pbtxt and conversion_report.json;"
            + " paths may be local, hdfs:// or s3a://."})
public final class ConvertCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec command;

  @Option(names = "--data_dir", required = true, paramLabel = "DIR",
      description = "Root of the Pets dataset: holds images/ and annotations/.")
  String dataDir;

  @Option(names = "--output_dir", required = true, paramLabel = "DIR",
      description = "Where the shards, label map and report go (created; see --overwrite).")
  String outputDir;

  @Option(names = "--label_map_path", paramLabel = "FILE",
      description = "A StringIntLabelMap .pbtxt; default: the built-in 37-class Pets map.")
  String labelMapPath;

  @Option(names = "--num_shards", defaultValue = "" + ConvertJob.DEFAULT_NUM_SHARDS, paramLabel = "N",
      description = "Shards per split, examples assigned round-robin; at most the number of listed examples"
          + " or ${DEFAULT-VALUE}, whichever is more (default: ${DEFAULT-VALUE}).")
  int numShards;

  @Option(names = "--faces_only", arity = "1", defaultValue = "true", paramLabel = "true|false",
      description = "true: head boxes from the XML; false: full-body boxes and masks from the trimaps"
          + " (default: ${DEFAULT-VALUE}).")
  boolean facesOnly;

  @Option(names = "--mask_type", defaultValue = "png", paramLabel = "png|numerical",
      description = "Full-body mask encoding: PNG per object, or 0/1 floats (default: ${DEFAULT-VALUE}).")
  String maskType;

  @Option(names = "--compression", defaultValue = "none", paramLabel = "none|gzip",
      description = "TFRecord compression; gzip files are read with compression_type='GZIP' (default: ${DEFAULT-VALUE}).")
  String compression;

  @Option(names = "--max_skipped_fraction", defaultValue = "0.05", paramLabel = "F",
      description = "Fail (and write nothing) when more than this fraction of the listed examples is unusable"
          + " (default: ${DEFAULT-VALUE}).")
  double maxSkippedFraction;

  @Option(names = "--verify_decode", arity = "1", defaultValue = "false", paramLabel = "true|false",
      description = "Also fully decode every JPEG: refuses files the decoder cannot read at all and notes damaged"
          + " ones in the report. The default structure check already refuses what TensorFlow refuses"
          + " (truncated files); this costs about 1.6 ms of CPU per 500x375 image (default: ${DEFAULT-VALUE}).")
  boolean verifyDecode;

  @Option(names = "--overwrite", description = "Replace a non-empty --output_dir (atomically, once the new output is complete).")
  boolean overwrite;

  @Override
  public Integer call() throws Exception {
    ConvertOptions options = options();
    try (JavaSparkContext sc = SparkContexts.create("sparkrcnn-convert")) {
      ConversionReport report = new ConvertJob(sc).run(options);
      command.commandLine().getOut().println(ConvertSummary.summary(report));
      command.commandLine().getOut().flush();
    }
    return 0;
  }

  ConvertOptions options() {
    if (numShards < 1) {
      throw new UserError("--num_shards must be at least 1, got " + numShards);
    }
    if (!(maxSkippedFraction >= 0 && maxSkippedFraction <= 1)) {
      throw new UserError("--max_skipped_fraction must be between 0 and 1, got " + maxSkippedFraction);
    }
    try {
      return new ConvertOptions(dataDir, outputDir, labelMapPath, numShards,
          new PetsConversionOptions(facesOnly, MaskType.parse(maskType), verifyDecode),
          Compression.parse(compression), maxSkippedFraction, overwrite);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }
}
