package io.sparkrcnn.jobs.eval;

import io.sparkrcnn.io.labelmap.LabelMap;
import io.sparkrcnn.jobs.UserError;
import io.sparkrcnn.jobs.train.PipelineFiles;
import io.sparkrcnn.model.config.proto.InputReader;
import io.sparkrcnn.model.config.proto.TrainEvalPipelineConfig;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * What a pipeline config's eval_input_reader names: its record paths, its label map and the label map's path
 * (empty: the built-in Pets map).
 */
public record EvalInput(List<String> inputs, LabelMap labels, String labelMapPath) {
  /** The first eval_input_reader of {@code config} (read from {@code configPath}), checked, its label map read. */
  public static EvalInput of(Configuration conf, TrainEvalPipelineConfig config, String configPath)
      throws IOException {
    if (config.getEvalInputReaderCount() == 0) {
      throw new UserError(configPath + " has no eval_input_reader { tf_record_input_reader { input_path } }");
    }
    InputReader reader = config.getEvalInputReader(0);
    List<String> inputs = List.copyOf(reader.getTfRecordInputReader().getInputPathList());
    PipelineFiles.checkInputPaths(inputs, configPath, EvalJob.READER);
    return new EvalInput(inputs, PipelineFiles.labelMap(conf, reader.getLabelMapPath()), reader.getLabelMapPath());
  }
}
