package io.sparkrcnn.jobs.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkrcnn.jobs.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * export's bad input, each refused in one line with exit 2 and nothing written, and a kill mid-export that leaves
 * no output; uses the checkpoint and export of {@link TrainedExport}.
 */
@Tag("slow")
class ExportRefusalsIT {
  private static Path tmp;
  private static Path config;
  private static Path trainDir;
  private static Path export;

  @BeforeAll
  static void trainAndExport() throws Exception {
    TrainedExport.ensure();
    tmp = TrainedExport.tmp;
    config = TrainedExport.config;
    trainDir = TrainedExport.trainDir;
    export = TrainedExport.export;
  }

  private static Cli.Run export(String output, String... more) {
    List<String> args = new ArrayList<>(List.of("export", "--pipeline_config_path", config.toString(),
        "--output_directory", tmp.resolve(output).toString()));
    args.addAll(Arrays.asList(more));
    return Cli.run(args.toArray(String[]::new));
  }

  private static void refused(String output, Cli.Run r, String... parts) {
    Cli.assertRefusedInOneLine(r, parts);
    assertFalse(Files.exists(tmp.resolve(output)), "nothing at the output");
    try (Stream<Path> beside = Files.list(tmp)) {
      assertTrue(beside.noneMatch(p -> p.getFileName().toString().startsWith("." + output)), "no staging left");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String checkpoint() {
    return trainDir.resolve("model.ckpt-5").toString();
  }

  @Test
  void aMissingCheckpointIsNamed() {
    refused("r1", export("r1", "--trained_checkpoint_prefix", trainDir.resolve("model.ckpt-99").toString()),
        "--trained_checkpoint_prefix", "model.ckpt-99: no such file", "--checkpoint_dir");
  }

  @Test
  void aFileThatIsNotACheckpointIsNamed() throws Exception {
    Path junk = Files.writeString(tmp.resolve("model.ckpt-7"), "model_checkpoint_path: \"model.ckpt-7\"\n");
    refused("r2", export("r2", "--trained_checkpoint_prefix", junk.toString()), junk.toString(),
        "is not a SparkRCNN checkpoint", "sparkrcnn train");
  }

  @Test
  void aConfigWithOtherClassesCanvasOrBackboneDoesNotFit() {
    refused("r3", export("r3", "--trained_checkpoint_prefix", checkpoint(), "--config_override",
        "model { faster_rcnn { num_classes: 5 } }"), "model.ckpt-5 does not fit", "with --config_override",
        "TRAIN_DIR/pipeline.config");
    refused("r4", export("r4", "--trained_checkpoint_prefix", checkpoint(), "--config_override",
        "model { faster_rcnn { image_resizer { keep_aspect_ratio_resizer { min_dimension: 192"
            + " max_dimension: 192 } } } }"), "model.ckpt-5 does not fit");
    refused("r5", export("r5", "--trained_checkpoint_prefix", checkpoint(), "--config_override",
        "model { faster_rcnn { feature_extractor { type: 'faster_rcnn_resnet50' } } }"), "model.ckpt-5 does not fit");
  }

  @Test
  void anUnknownInputTypeIsRefusedListingTheKnownOnes() {
    refused("r6", export("r6", "--trained_checkpoint_prefix", checkpoint(), "--input_type", "tf_example"),
        "unknown --input_type 'tf_example'", "image_tensor, encoded_image_string_tensor");
  }

  @Test
  void bothOrNeitherCheckpointFlagIsRefused() {
    refused("r7", export("r7", "--trained_checkpoint_prefix", checkpoint(), "--checkpoint_dir", trainDir.toString()),
        "not both");
    refused("r8", export("r8"), "not neither");
  }

  @Test
  void anExistingOutputIsRefusedWithoutOverwrite() throws Exception {
    long before = Files.getLastModifiedTime(export.resolve(ExportReport.NAME)).toMillis();
    Cli.Run r = Cli.run("export", "--pipeline_config_path", config.toString(), "--checkpoint_dir",
        trainDir.toString(), "--output_directory", export.toString());
    Cli.assertRefusedInOneLine(r, export.toString() + " exists; pass --overwrite");
    assertEquals(before, Files.getLastModifiedTime(export.resolve(ExportReport.NAME)).toMillis());
  }

  @Test
  void aKillMidExportLeavesNoOutputAndARerunAndAnOverwriteWork() throws Exception {
    Path out = tmp.resolve("killed");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(Arrays.asList(System.getProperty("sparkrcnn.javaOpens").trim().split("\\s+")));
    cmd.addAll(List.of("-Xmx2g", "-Dspark.master=local[2]", "-cp", System.getProperty("java.class.path"),
        "io.sparkrcnn.jobs.SparkRcnn", "export", "--pipeline_config_path", config.toString(), "--checkpoint_dir",
        trainDir.toString(), "--output_directory", out.toString(), "--config_override", TrainedExport.OVERRIDE));
    Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("killed.log")
        .toFile()).start();
    Path staged = null;
    long deadline = System.currentTimeMillis() + 120_000;
    while (staged == null && child.isAlive() && System.currentTimeMillis() < deadline) {
      try (Stream<Path> beside = Files.list(tmp)) {
        staged = beside.filter(p -> p.getFileName().toString().startsWith(".killed.staging-"))
            .filter(p -> Files.exists(p.resolve(ExportArtefacts.DL4J))).findFirst().orElse(null);
      }
      Thread.sleep(20);
    }
    assertTrue(staged != null, "the child wrote model.dl4j.zip into its staging directory: "
        + Files.readString(tmp.resolve("killed.log")));
    child.destroyForcibly();
    assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    assertFalse(Files.exists(out), "no output after the kill");

    Cli.Run rerun = Cli.run("export", "--pipeline_config_path", config.toString(), "--checkpoint_dir",
        trainDir.toString(), "--output_directory", out.toString(), "--skip_eval");
    assertEquals(0, rerun.exit(), rerun.err());
    JsonNode report = new ObjectMapper().readTree(out.resolve(ExportReport.NAME).toFile());
    assertEquals(1, report.get("frozen_inference_graph.pb").size(), "sizes only");
    assertEquals("image_tensor", report.get("input_type").asText());

    Cli.Run overwrite = Cli.run("export", "--pipeline_config_path", config.toString(), "--checkpoint_dir",
        trainDir.toString(), "--output_directory", out.toString(), "--skip_eval", "--overwrite", "--input_type",
        "encoded_image_string_tensor");
    assertEquals(0, overwrite.exit(), overwrite.err());
    report = new ObjectMapper().readTree(out.resolve(ExportReport.NAME).toFile());
    assertEquals("encoded_image_string_tensor", report.get("input_type").asText());
    assertTrue(Files.readString(out.resolve("pipeline.config")).contains("num_examples: 180"));
  }
}
