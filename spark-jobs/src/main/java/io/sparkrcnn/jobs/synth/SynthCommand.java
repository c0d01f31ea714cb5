package io.sparkrcnn.jobs.synth;

import io.sparkrcnn.io.fs.FileSystems;
import io.sparkrcnn.io.fs.StagedOutput;
import io.sparkrcnn.io.fs.StagingLeftovers;
import io.sparkrcnn.conversion.synth.SyntheticPets;
import io.sparkrcnn.jobs.UserError;
import java.util.List;
import java.util.concurrent.Callable;
import io.sparkrcnn.jobs.spark.HadoopConfigurations;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sparkrcnn synth}: a synthetic dataset in the exact Oxford-IIIT Pet layout. */
@Command(name = "synth", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Writes a synthetic dataset in the Oxford-IIIT Pet layout (images/, annotations/{trainval,test,"
        + "list}.txt, annotations/xmls/, annotations/trimaps/) whose objects a detector can learn.")
public final class SynthCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec command;

  @Option(names = "--output_dir", required = true, paramLabel = "DIR", description = "Dataset root to create.")
  String outputDir;

  @Option(names = "--images_per_class", defaultValue = "8", paramLabel = "N",
      description = "Images per breed; the first half go to trainval.txt, the rest to test.txt (default: ${DEFAULT-VALUE}).")
  int imagesPerClass;

  @Option(names = "--num_classes", defaultValue = "37", paramLabel = "N",
      description = "Breeds to use, the first N of the Pets label map (default: ${DEFAULT-VALUE}).")
  int numClasses;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Same seed, same files (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--image_size", defaultValue = "500x375", paramLabel = "WxH",
      description = "Image width x height in pixels, or one number for a square (default: ${DEFAULT-VALUE}).")
  String imageSize;

  @Option(names = "--overwrite", description = "Replace a non-empty --output_dir.")
  boolean overwrite;

  @Override
  public Integer call() throws Exception {
    int[] size = parseSize(imageSize);
    SyntheticPets.Spec spec;
    try {
      spec = new SyntheticPets.Spec(imagesPerClass, numClasses, seed, size[0], size[1]);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    Path root = new Path(outputDir);
    FileSystem fs = FileSystems.of(root, HadoopConfigurations.fromSparkConf());
    checkOnlyOwnFiles(fs, root);
    StagedOutput out = StagedOutput.begin(fs, root, overwrite, SyntheticPets.MARKER_FILE);
    try {
      List<SyntheticPets.Item> items = SyntheticPets.write(fs, out.staging(), spec);
      List<Path> kept = out.commit();
      if (!kept.isEmpty()) {
        command.commandLine().getErr().println("warning: " + StagingLeftovers.warning(out.output(), kept));
      }
      command.commandLine().getOut().printf("wrote %d images of %d breeds (%dx%d) to %s%n", items.size(), numClasses, size[0], size[1],
          out.output());
      command.commandLine().getOut().flush();
    } catch (Exception e) {
      out.abort();
      throw e;
    }
    return 0;
  }

  /**
   * A folder synth wrote (it has the marker) may be replaced only while it holds nothing else: a records folder
   * converted into it, say, is someone's data and would go with it.
   */
  private static void checkOnlyOwnFiles(FileSystem fs, Path root) throws java.io.IOException {
    if (!fs.exists(new Path(root, SyntheticPets.MARKER_FILE))) {
      return; // StagedOutput refuses a non-empty folder without the marker
    }
    for (org.apache.hadoop.fs.FileStatus s : fs.listStatus(root)) {
      if (!SyntheticPets.OWN_ENTRIES.contains(s.getPath().getName())) {
        throw new UserError(root + " holds " + s.getPath().getName() + ", which synth did not write; move it out"
            + " before replacing the dataset, or choose another --output_dir");
      }
    }
  }

  /** {@code WIDTHxHEIGHT} or one number for a square. */
  public static int[] parseSize(String text) {
    String[] parts = text.trim().toLowerCase(java.util.Locale.ROOT).split("x", -1);
    try {
      if (parts.length == 1) {
        int side = Integer.parseInt(parts[0]);
        return new int[] {side, side};
      }
      if (parts.length == 2) {
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw new UserError("--image_size must be WIDTHxHEIGHT or one number, got '" + text + "'");
  }
}
