package io.sparkrcnn.jobs.train;

import io.sparkrcnn.io.fs.FileSystems;
import io.sparkrcnn.io.fs.OutputPathException;
import io.sparkrcnn.io.fs.StagedOutput;
import io.sparkrcnn.io.fs.UserText;
import io.sparkrcnn.io.labelmap.LabelMap;
import io.sparkrcnn.conversion.pets.PetsLayout;
import io.sparkrcnn.jobs.UserError;
import io.sparkrcnn.model.config.PipelineSettings;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Reads and checks what a pipeline config points at (the config itself, label maps, input paths), as user errors. */
public final class PipelineFiles {
  private PipelineFiles() {}

  public static String readText(Configuration conf, String path, String flag) throws IOException {
    Path p = new Path(path);
    try {
      return UserText.decode(PetsLayout.readAll(FileSystems.of(p, conf), p));
    } catch (FileNotFoundException e) {
      throw new UserError(flag + " " + path + " does not exist");
    }
  }

  public static PipelineSettings settings(Configuration conf, String path) throws IOException {
    return PipelineSettings.parse(readText(conf, path, "--pipeline_config_path"), path);
  }

  /** The label map a pipeline config's input reader names ({@code label_map_path}); empty: the built-in Pets map. */
  public static LabelMap labelMap(Configuration conf, String path) throws IOException {
    return labelMap(conf, path.isEmpty() ? null : path, "label_map_path", "");
  }

  /**
   * The one label-map loader: the .pbtxt at {@code path}, or the built-in Pets map when null; {@code name} (a flag
   * or config field) names it in errors, {@code absentHint} follows "does not exist".
   */
  public static LabelMap labelMap(Configuration conf, String path, String name, String absentHint)
      throws IOException {
    if (path == null) {
      return LabelMap.pets();
    }
    Path p = new Path(path);
    FileSystem fs = FileSystems.of(p, conf);
    if (!fs.exists(p)) {
      throw new UserError(name + " " + p + " does not exist" + absentHint);
    }
    if (!fs.getFileStatus(p).isFile()) {
      throw new UserError(name + " " + p + " is a directory; give the .pbtxt file");
    }
    try {
      return LabelMap.parse(UserText.decode(PetsLayout.readAll(fs, p)));
    } catch (IllegalArgumentException e) {
      throw new UserError(name + " " + p + ": " + e.getMessage());
    }
  }

  /**
   * The one input-path check: refuses an input reader ({@code reader}: "train_input_reader"…) without input
   * paths, or with the shipped configs' placeholder still in them.
   */
  public static void checkInputPaths(List<String> inputPaths, String configPath, String reader) {
    if (inputPaths.isEmpty()) {
      throw new UserError(configPath + " has no " + reader + " { tf_record_input_reader { input_path } }");
    }
    for (String p : inputPaths) {
      if (p.contains("PATH_TO_BE_CONFIGURED")) {
        throw new UserError(configPath + ": replace PATH_TO_BE_CONFIGURED in " + reader + "'s input_path '" + p
            + "' with where your records are");
      }
    }
  }

  /**
   * Refuses a label map whose ids go above {@code numClasses} (ids run 1..num_classes); {@code path} empty means
   * the config names none (then only the records are checked).
   */
  public static void checkLabelMap(LabelMap map, String path, int numClasses, String reader) {
    if (path.isEmpty()) {
      return;
    }
    map.namesById().entrySet().stream().max(java.util.Map.Entry.comparingByKey())
        .filter(e -> e.getKey() > numClasses)
        .ifPresent(e -> {
          throw new UserError(reader + ".label_map_path " + path + " has label id " + e.getKey() + " ('" + e.getValue()
              + "') but model.faster_rcnn.num_classes is " + numClasses + "; set num_classes to at least "
              + e.getKey() + " (ids run from 1 to num_classes)");
        });
  }

  /** Refuses records with a label id above {@code numClasses}; {@code file} is one that holds it. */
  public static void checkRecordLabels(long maxLabel, String file, int numClasses, String reader) {
    if (maxLabel > numClasses) {
      throw new UserError(reader + ": " + file + " has records with label id " + maxLabel
          + " but model.faster_rcnn.num_classes is " + numClasses + "; set num_classes to at least " + maxLabel
          + " (ids run from 1 to num_classes) or convert with a label map of " + numClasses + " classes");
    }
  }

  /** Refuses an output directory flag ({@code --train_dir}…) that names an existing regular file. */
  public static void checkDirectory(Configuration conf, String path, String flag) throws IOException {
    Path p = new Path(path);
    try {
      StagedOutput.refuseFile(FileSystems.of(p, conf), p);
    } catch (OutputPathException e) {
      throw new UserError(flag + " " + e.getMessage());
    }
  }
}
