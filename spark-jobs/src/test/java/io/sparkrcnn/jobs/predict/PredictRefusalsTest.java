package io.sparkrcnn.jobs.predict;

import static io.sparkrcnn.jobs.testing.Cli.assertRefusedInOneLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sparkrcnn.io.testing.LocalFs;
import io.sparkrcnn.jobs.testing.Cli;
import io.sparkrcnn.model.checkpoint.Checkpoints;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What predict refuses, each in one line naming the thing, exit 2, with nothing written (no output directory, no
 * staging directory beside it): missing export files, a model zip that is not one, no checkpoint, a config that does
 * not fit the model, inputs matching nothing, bad flag values and an output that is not predict's to replace.
 */
class PredictRefusalsTest {
  @TempDir static Path tmp;
  static Path config;
  static Path export;
  static Path image;
  static ComputationGraph graph;

  @BeforeAll
  static void exportAndImage() throws Exception {
    config = TinyExport.config(tmp.resolve("data"), tmp.resolve("pipeline.config"));
    graph = TinyExport.graph(config);
    export = TinyExport.write(graph, config, tmp.resolve("export"));
    image = tmp.resolve("cat.jpg");
    Files.write(image, TinyExport.image(64, 48, Color.RED, "jpg", BufferedImage.TYPE_INT_RGB));
  }

  @AfterEach
  void nothingWritten() throws Exception {
    assertFalse(Files.exists(tmp.resolve("out")), "the output directory was created");
    try (Stream<Path> beside = Files.list(tmp)) {
      assertFalse(beside.anyMatch(p -> p.getFileName().toString().startsWith(".out.")), "staging left beside it");
    }
  }

  private static Cli.Run predict(String... flags) {
    List<String> args = new ArrayList<>(List.of("predict", "--output_dir", tmp.resolve("out").toString()));
    args.addAll(List.of(flags));
    if (!args.contains("--input_path")) {
      args.addAll(List.of("--input_path", image.toString()));
    }
    return Cli.run(args.toArray(String[]::new));
  }

  /** A copy of the export without {@code missing}, or with {@code replaced} written over by {@code text}. */
  private static Path exportCopy(String name, String file, String text) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name));
    for (String f : List.of(ModelSource.MODEL_ZIP, ModelSource.CONFIG, ModelSource.LABEL_MAP)) {
      if (!f.equals(file)) {
        Files.copy(export.resolve(f), dir.resolve(f));
      } else if (text != null) {
        Files.writeString(dir.resolve(f), text);
      }
    }
    return dir;
  }

  @Test
  void aModelDirWithoutItsFilesNamesThem() throws Exception {
    Path partial = exportCopy("no-labels", ModelSource.LABEL_MAP, null);
    assertRefusedInOneLine(predict("--model_dir", partial.toString()), "no-labels has no label_map.pbtxt",
        "model.dl4j.zip, pipeline.config and label_map.pbtxt");
    assertRefusedInOneLine(predict("--model_dir", tmp.resolve("nowhere").toString()), "nowhere does not exist");
  }

  @Test
  void aModelZipThatIsNotAComputationGraphIsNamed() throws Exception {
    Path bad = exportCopy("bad-zip", ModelSource.MODEL_ZIP, "not a zip");
    assertRefusedInOneLine(predict("--model_dir", bad.toString()), "bad-zip/model.dl4j.zip",
        "is not a DL4J ComputationGraph zip");
  }

  @Test
  void aConfigThatDoesNotFitTheModelIsNamed() throws Exception {
    String five = Files.readString(config).replace("num_classes: 37", "num_classes: 5");
    Path mismatched = exportCopy("five-classes", ModelSource.CONFIG, five);
    assertRefusedInOneLine(predict("--model_dir", mismatched.toString()), "does not fit", "37 classes",
        "the config asks for 5 classes");
    Path train = tmp.resolve("train");
    new Checkpoints(LocalFs.get(), LocalFs.path(train), 5).write(graph, 3);
    Path fiveConfig = tmp.resolve("five.config");
    Files.writeString(fiveConfig, five);
    assertRefusedInOneLine(predict("--checkpoint_dir", train.toString(), "--pipeline_config_path",
        fiveConfig.toString()), "model.ckpt-3 (step 3) does not fit", "five.config");
  }

  @Test
  void aCheckpointDirWithoutCheckpointsIsNamed() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("not-trained"));
    assertRefusedInOneLine(predict("--checkpoint_dir", empty.toString(), "--pipeline_config_path", config.toString()),
        "not-trained has no checkpoint", "train into it first");
  }

  @Test
  void inputsMatchingNothingAreNamed() {
    assertRefusedInOneLine(predict("--model_dir", export.toString(), "--input_path", image + ","
        + tmp.resolve("photos/*.jpg")), "--input_path '" + tmp.resolve("photos/*.jpg") + "' matches no file");
  }

  @Test
  void badFlagValuesAreOneLineEach() {
    assertRefusedInOneLine(predict("--model_dir", export.toString(), "--min_score_thresh", "1.5"),
        "--min_score_thresh must be between 0 and 1, got 1.5");
    assertRefusedInOneLine(predict("--model_dir", export.toString(), "--min_score_thresh", "high"),
        "--min_score_thresh");
    assertRefusedInOneLine(predict("--model_dir", export.toString(), "--visualize", "maybe"), "--visualize");
    assertRefusedInOneLine(predict("--model_dir", export.toString(), "--checkpoint_dir", tmp.toString()),
        "either --model_dir", "or --checkpoint_dir");
    assertRefusedInOneLine(predict(), "either --model_dir");
    assertRefusedInOneLine(predict("--checkpoint_dir", tmp.toString()), "--checkpoint_dir needs"
        + " --pipeline_config_path");
    assertRefusedInOneLine(predict("--model_dir", export.toString(), "--pipeline_config_path", config.toString()),
        "has its own pipeline.config");
  }

  @Test
  void anOutputThatIsNotAnEarlierPredictOutputIsNeverReplaced() throws Exception {
    Path someone = Files.createDirectories(tmp.resolve("someones-data"));
    Files.writeString(someone.resolve("thesis.tex"), "keep me");
    Cli.Run run = Cli.run("predict", "--model_dir", export.toString(), "--input_path", image.toString(),
        "--output_dir", someone.toString(), "--overwrite");
    assertRefusedInOneLine(run, "someones-data holds files that are not an earlier output of this command",
        "no predict_report.json");
    assertEquals(List.of(someone.resolve("thesis.tex")), Files.list(someone).toList());
  }
}
