package io.sparkrcnn.jobs.train;

import io.sparkrcnn.conversion.fs.FileSystems;
import io.sparkrcnn.conversion.fs.UserText;
import io.sparkrcnn.conversion.labelmap.LabelMap;
import io.sparkrcnn.conversion.pets.PetsLayout;
import io.sparkrcnn.jobs.UserError;
import io.sparkrcnn.model.config.InputSettings;
import io.sparkrcnn.model.config.PipelineSettings;
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
    } catch (FileNotFoundException e) {
      throw new UserError(reader + ": " + e.getMessage());
    }
  }
}
