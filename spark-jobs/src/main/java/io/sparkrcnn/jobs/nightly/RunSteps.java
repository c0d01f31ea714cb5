package io.sparkrcnn.jobs.nightly;

import io.sparkrcnn.conversion.pets.MaskType;
import io.sparkrcnn.conversion.pets.PetsConversionOptions;
import io.sparkrcnn.conversion.report.ConversionReport;
import io.sparkrcnn.io.fs.AtomicWrite;
import io.sparkrcnn.io.tfrecord.Compression;
import io.sparkrcnn.jobs.convert.ConvertJob;
import io.sparkrcnn.jobs.convert.ConvertOptions;
import io.sparkrcnn.jobs.convert.ConvertSummary;
import io.sparkrcnn.jobs.eval.EvalJob;
import io.sparkrcnn.jobs.eval.EvalOptions;
import io.sparkrcnn.jobs.eval.EvalResult;
import io.sparkrcnn.jobs.export.ExportJob;
import io.sparkrcnn.jobs.export.ExportOptions;
import io.sparkrcnn.jobs.train.TrainJob;
import io.sparkrcnn.jobs.train.TrainOptions;
import io.sparkrcnn.jobs.train.TrainResult;
import io.sparkrcnn.model.checkpoint.Checkpoints;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The steps of one nightly run in {@code runs/<run-id>/}, in one Spark application ({@link SharedContext}), each
 * the existing job called in-process: convert the data_dir into {@code records/} (kept when a resumed run already
 * converted), write {@code pipeline.config} ({@link RunConfig}; kept when resuming), train into {@code train/}
 * (which resumes from its latest checkpoint), eval it into {@code eval/}, eval the current version on the same
 * records into {@code eval_published/}, export the checkpoint into {@code export/}, and publish when the
 * {@link Decision} says so. The run record gets each step's inputs, results and duration as it ends.
 */
final class RunSteps {
  private static final String APP = "sparkrcnn-nightly";

  private final Configuration conf;
  private final NightlyOptions o;
  private final ModelDir model;
  private final FileSystem fs;
  private final Path runDir;
  private final RunRecord record;
  private final PrintWriter out;
  private final PrintWriter err;

  RunSteps(Configuration conf, NightlyOptions o, ModelDir model, FileSystem fs, Path runDir, RunRecord record,
      PrintWriter out, PrintWriter err) {
    this.conf = conf;
    this.o = o;
    this.model = model;
    this.fs = fs;
    this.runDir = runDir;
    this.record = record;
    this.out = out;
    this.err = err;
  }

  @FunctionalInterface
  private interface Step<T> {
    T run() throws IOException;
  }

  NightlyResult run(String template) throws IOException {
    String id = record.runId();
    Path records = new Path(runDir, "records");
    Path trainDir = new Path(runDir, "train");
    try (SharedContext spark = SharedContext.start(APP, o.numWorkers())) {
      step("convert", () -> convert(spark, records));
      Path config = config(template, records);
      step("train", () -> train(spark, config, trainDir));
      Path checkpoint = new Checkpoints(fs, trainDir, Integer.MAX_VALUE).latest();
      EvalResult evaluated = step("eval", () -> eval(spark, config, "eval", trainDir));
      double newMap = evaluated.metrics().get(RunRecord.MAP_KEY);
      String current = model.current();
      Double publishedMap = current == null ? null
          : step("eval_published", () -> eval(spark, config, "eval_published", model.version(current)))
              .metrics().get(RunRecord.MAP_KEY);
      record.maps(newMap, publishedMap, current);
      Decision decision = Decision.of(newMap, publishedMap, o.minImprovement());
      Path export = new Path(runDir, "export");
      step("export", () -> new ExportJob(conf, spark, out).run(ExportOptions.of(config.toString(), "",
          checkpoint.toString(), null, export.toString(), "image_tensor", true, true)));
      if (decision.publish()) {
        step("publish", () -> new Publisher(model).publish(id, new Publisher.RunModel(fs, export, checkpoint,
            evaluated.metricsFile())));
      }
      String after = decision.publish() ? id : current;
      record.decision(decision, o.minImprovement(), after);
      out.println((decision.publish() ? "published " + model.version(id) + ": " : "not promoted: ")
          + decision.reason());
      out.flush();
      return new NightlyResult(id, runDir, decision.publish() ? NightlyJob.EXIT_PUBLISHED
          : NightlyJob.EXIT_NOT_PROMOTED, decision, newMap, publishedMap, current, after,
          new Path(runDir, RunRecord.NAME));
    }
  }

  /** Runs {@code step}, adds its duration to the record and writes the record. */
  private <T> T step(String name, Step<T> step) throws IOException {
    out.println("nightly " + record.runId() + ": " + name);
    out.flush();
    long start = System.nanoTime();
    T result = step.run();
    record.addDuration(name, (System.nanoTime() - start) / 1e9);
    record.write(fs, runDir);
    return result;
  }

  private Void convert(SharedContext spark, Path records) throws IOException {
    Path report = new Path(records, ConvertJob.REPORT_FILE);
    ConversionReport r;
    if (fs.exists(report)) {
      try (InputStream in = fs.open(report)) {
        r = ConversionReport.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
      out.println("records converted by an earlier attempt of this run: " + records);
    } else {
      r = new ConvertJob(spark.context()).run(new ConvertOptions(o.dataDir(), records.toString(), null,
          o.numShards(), new PetsConversionOptions(true, MaskType.PNG, false), Compression.NONE, 0.05, false));
      out.println(ConvertSummary.summary(r));
    }
    record.inputs().put("data_dir", r.dataDir());
    var counts = record.inputs().putObject("records");
    r.splits().forEach((split, s) -> counts.put(split, s.records()));
    return null;
  }

  /** Writes the run's config unless an earlier attempt did; returns its path. */
  private Path config(String template, Path records) throws IOException {
    Path config = new Path(runDir, "pipeline.config");
    if (!fs.exists(config)) {
      String current = model.current();
      String startFrom = current == null ? null : model.checkpoint(current).toString();
      String text = RunConfig.text(template, o.pipelineConfigPath(), fs.makeQualified(records).toString(),
          startFrom);
      AtomicWrite.write(fs, config, text.getBytes(StandardCharsets.UTF_8));
      record.inputs().put("pipeline_config_path", o.pipelineConfigPath());
      record.inputs().put("config", fs.makeQualified(config).toString());
      record.inputs().put("started_from_version", current);
      record.inputs().put("starting_checkpoint", startFrom);
    }
    return config;
  }

  private Void train(SharedContext spark, Path config, Path trainDir) throws IOException {
    Path before = new Checkpoints(fs, trainDir, Integer.MAX_VALUE).latest();
    long at = before == null ? 0 : Checkpoints.stepOf(before);
    TrainResult r = new TrainJob(conf, spark, out).run(TrainOptions.withDefaults(config.toString(), trainDir.toString(),
        o.numTrainSteps(), o.numWorkers(), o.device(), o.saveCheckpointsSteps()));
    record.inputs().put("num_train_steps", o.numTrainSteps());
    if (at > 0) {
      record.train().put("resumed_from_step", at);
    }
    record.train().put("step", r.step());
    if (r.trained()) {
      record.train().put("loss", r.loss());
      out.printf(Locale.ROOT, "trained to step %d, loss %.4f%n", r.step(), r.loss());
    }
    return null;
  }

  private EvalResult eval(SharedContext spark, Path config, String dir, Path checkpointDir) throws IOException {
    EvalResult r = new EvalJob(conf, spark, out, err).run(new EvalOptions(config.toString(),
        new Path(runDir, dir).toString(), checkpointDir.toString(), null));
    out.printf(Locale.ROOT, "%s: mAP@0.5 %.4f on %d images (%s)%n", dir, r.metrics().get(RunRecord.MAP_KEY),
        r.images(), r.scored());
    return r;
  }
}
