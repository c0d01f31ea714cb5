package io.sparkrcnn.jobs.train;

import io.sparkrcnn.io.fs.FileSystems;
import io.sparkrcnn.io.fs.OutputPathException;
import io.sparkrcnn.io.fs.StagedOutput;
import io.sparkrcnn.io.fs.UserText;
import io.sparkrcnn.io.labelmap.LabelMap;
import io.sparkrcnn.conversion.pets.PetsLayout;
import io.sparkrcnn.jobs.UserError;
import io.sparkrcnn.model.config.InputSettings;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.input.DamagedRecordFileException;
import io.sparkrcnn.model.input.RecordFiles;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** Reads what a pipeline config points at (the config itself, label maps, input records), as user errors. */
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

  public static LabelMap labelMap(Configuration conf, String path) throws IOException {
    return path.isEmpty() ? LabelMap.pets() : LabelMap.parse(readText(conf, path, "label_map_path"));
  }

  /** Refuses an input reader without input paths, or with the shipped configs' placeholder still in them. */
  public static void checkInputPaths(InputSettings input, String configPath, String reader) {
    if (input.inputPaths().isEmpty()) {
      throw new UserError(configPath + " has no " + reader + " { tf_record_input_reader { input_path } }");
    }
    for (String p : input.inputPaths()) {
      if (p.contains("PATH_TO_BE_CONFIGURED")) {
        throw new UserError(configPath + ": replace PATH_TO_BE_CONFIGURED in " + reader + "'s input_path '" + p
            + "' with where your records are");
      }
    }
  }

  /** Every record an input reader names; {@code reader} ("train_input_reader"…) names it in errors. */
  public static List<byte[]> records(Configuration conf, InputSettings input, String configPath, String reader)
      throws IOException {
    checkInputPaths(input, configPath, reader);
    try {
      List<byte[]> records = RecordFiles.readAll(FileSystems.of(new Path(input.inputPaths().get(0)), conf),
          input.inputPaths());
      if (records.isEmpty()) {
        throw new UserError(reader + ": " + input.inputPaths() + " hold no records; run convert first");
      }
      return records;
    } catch (DamagedRecordFileException e) {
      throw damaged(reader, e);
    } catch (FileNotFoundException e) {
      throw new UserError(reader + ": " + e.getMessage());
    }
  }

  /** The one line for a damaged record file of {@code reader} (train and eval say the same). */
  public static UserError damaged(String reader, DamagedRecordFileException e) {
    return new UserError(reader + ": " + e.file() + " is damaged after record " + e.recordsRead() + " (" + e.reason()
        + "); re-run convert to write it again, or leave it out of input_path");
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
