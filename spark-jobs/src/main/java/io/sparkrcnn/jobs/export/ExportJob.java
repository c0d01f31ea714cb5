package io.sparkrcnn.jobs.export;

import io.sparkrcnn.io.fs.FileSystems;
import io.sparkrcnn.io.fs.OutputPathException;
import io.sparkrcnn.io.fs.StagedOutput;
import io.sparkrcnn.io.fs.StagingLeftovers;
import io.sparkrcnn.io.labelmap.LabelMap;
import io.sparkrcnn.jobs.UserError;
import io.sparkrcnn.jobs.eval.EvalInput;
import io.sparkrcnn.jobs.spark.SparkContextFactory;
import io.sparkrcnn.jobs.train.PipelineFiles;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.config.proto.TrainEvalPipelineConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The export job: restores a checkpoint, writes its inference model as TensorFlow consumers load it (frozen
 * GraphDef, 8-bit GraphDef, SavedModel) and as model.dl4j.zip, with the config and label map, evaluates the
 * checkpoint and each artefact's weights on the eval input ({@link ExportEvaluation}) and writes
 * export_report.json. Everything is written into a staging directory beside the output and renamed into place when
 * complete; bad input is refused as a {@link UserError} before anything is written.
 */
public final class ExportJob {
  private final Configuration conf;
  private final SparkContextFactory contexts;
  private final PrintWriter out;

  public ExportJob(Configuration conf, SparkContextFactory contexts, PrintWriter out) {
    this.conf = conf;
    this.contexts = contexts;
    this.out = out;
  }

  public ExportReport run(ExportOptions o) throws IOException {
    Path output = new Path(o.outputDirectory());
    FileSystem fs = FileSystems.of(output, conf);
    refuseExisting(fs, output, o.overwrite());
    String path = o.pipelineConfigPath();
    ConfigOverride.Merged merged = ConfigOverride.apply(PipelineFiles.readText(conf, path, "--pipeline_config_path"),
        path, o.configOverride());
    PipelineSettings settings = PipelineSettings.of(merged.config(), merged.source());
    EvalInput evalInput = o.skipEval() ? null : EvalInput.of(conf, merged.config(), merged.source());
    LabelMap labels = labelMap(merged.config());
    ExportCheckpoint checkpoint = ExportCheckpoint.load(conf, o, out);
    ComputationGraph inference = ExportModels.inferenceModel(checkpoint.graph());
    ExportArtefacts artefacts;
    try {
      artefacts = ExportArtefacts.build(inference, settings.model(), o.input());
    } catch (IllegalArgumentException e) {
      throw new UserError(checkpoint.path() + " does not fit " + merged.source() + ": "
          + e.getMessage().replaceFirst("^the checkpoint does not fit the config: ", "")
          + "; export with the config it was trained with (TRAIN_DIR/pipeline.config)");
    }
    StagedOutput staged = begin(fs, output, o.overwrite());
    try {
      Map<String, Long> bytes = artefacts.write(fs, staged.staging(), merged.text(), labels);
      ExportReport report = o.skipEval()
          ? ExportEvaluation.skipped(checkpoint, o.input(), bytes)
          : new ExportEvaluation(conf, contexts).run(checkpoint, inference, settings, merged, evalInput, o.input(),
              bytes);
      try (var stream = fs.create(new Path(staged.staging(), ExportReport.NAME), false)) {
        stream.write(report.toJson());
      }
      List<Path> kept = staged.commit();
      if (!kept.isEmpty()) {
        out.println("warning: " + StagingLeftovers.warning(staged.output(), kept));
      }
      log(report, staged.output());
      return report;
    } catch (IOException | RuntimeException e) {
      staged.abort();
      throw e;
    }
  }

  /** Refuses an output that exists, before any work, unless it may be replaced. */
  private static void refuseExisting(FileSystem fs, Path output, boolean overwrite) throws IOException {
    if (fs.exists(output) && !fs.getFileStatus(output).isDirectory()) {
      throw new UserError("--output_directory " + fs.makeQualified(output) + " is a file; choose a directory path");
    }
    if (!overwrite && fs.exists(output) && fs.listStatus(output).length > 0) {
      throw new UserError("--output_directory " + fs.makeQualified(output) + " exists; pass --overwrite to replace"
          + " it (once the new export is complete) or choose another directory");
    }
  }

  private static StagedOutput begin(FileSystem fs, Path output, boolean overwrite) throws IOException {
    try {
      return StagedOutput.begin(fs, output, overwrite, ExportReport.NAME);
    } catch (OutputPathException e) {
      throw new UserError(e.getMessage().replace("--output_dir", "--output_directory"));
    }
  }

  /** The eval input reader's label map, else the train input reader's, else the built-in Pets map. */
  private LabelMap labelMap(TrainEvalPipelineConfig config) throws IOException {
    String eval = config.getEvalInputReaderCount() > 0 ? config.getEvalInputReader(0).getLabelMapPath() : "";
    String train = config.hasTrainInputReader() ? config.getTrainInputReader().getLabelMapPath() : "";
    String chosen = !eval.isEmpty() ? eval : train;
    String field = !eval.isEmpty() ? "eval_input_reader.label_map_path" : "train_input_reader.label_map_path";
    return PipelineFiles.labelMap(conf, chosen.isEmpty() ? null : chosen, field, "");
  }

  private void log(ExportReport report, Path output) {
    report.entries().forEach((name, e) -> {
      Double map = e.metrics() == null ? null : e.metrics().get(ExportEvaluation.MAP_AT_HALF);
      out.printf(java.util.Locale.ROOT, "%-36s %,12d bytes%s%n", name, e.bytes(),
          map == null ? "" : String.format(java.util.Locale.ROOT, "  mAP@0.5 %.4f", map));
    });
    out.println("export: " + output);
    out.flush();
  }
}
