package io.sparkrcnn.jobs.nightly;

import io.sparkrcnn.io.fs.FileSystems;
import io.sparkrcnn.jobs.DirLock;
import io.sparkrcnn.jobs.SparkRcnn;
import io.sparkrcnn.jobs.train.PipelineFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The nightly job: checks the template and the folders, takes the model_dir's {@link NightlyLock}, picks the run
 * ({@link RunIds}: a new one, or the unfinished one to resume), runs its steps ({@link RunSteps}: convert, train,
 * eval of both models, export, publish when better) and ends its {@code run.json} with the outcome, also when a
 * step fails (then the exception goes on to the command line). Bad input is a {@code UserError}.
 */
public final class NightlyJob {
  public static final int EXIT_PUBLISHED = 0;
  public static final int EXIT_NOT_PROMOTED = 3;
  static final String RUNS = "runs";

  private final Configuration conf;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Clock clock;

  public NightlyJob(Configuration conf, PrintWriter out, PrintWriter err) {
    this(conf, out, err, Clock.systemUTC());
  }

  NightlyJob(Configuration conf, PrintWriter out, PrintWriter err, Clock clock) {
    this.conf = conf;
    this.out = out;
    this.err = err;
    this.clock = clock;
  }

  public NightlyResult run(NightlyOptions o) throws IOException {
    String template = PipelineFiles.readText(conf, o.pipelineConfigPath(), "--pipeline_config_path");
    RunConfig.checkTemplate(template, o.pipelineConfigPath());
    PipelineFiles.checkDirectory(conf, o.workDir(), "--work_dir");
    PipelineFiles.checkDirectory(conf, o.modelDir(), "--model_dir");
    Path modelPath = new Path(o.modelDir());
    FileSystem modelFs = FileSystems.of(modelPath, conf);
    Path runs = new Path(o.workDir(), RUNS);
    FileSystem workFs = FileSystems.of(runs, conf);
    runs = workFs.makeQualified(runs);
    try (DirLock lock = NightlyLock.acquire(modelFs, modelPath, out)) {
      ModelDir model = new ModelDir(modelFs, modelPath);
      model.current(); // a current naming no version is refused before anything is started
      RunIds.Choice choice = RunIds.choose(workFs, runs, o.runId(), clock);
      Path runDir = new Path(runs, choice.id());
      RunRecord record = choice.record() != null ? choice.record() : RunRecord.start(choice.id());
      out.println((choice.resumed() ? "resuming run " : "run ") + choice.id() + " in " + runDir);
      out.flush();
      record.attemptStarted(clock.instant());
      record.write(workFs, runDir);
      try {
        NightlyResult r = new RunSteps(conf, o, model, workFs, runDir, record, out, err).run(template);
        record.finish(r.exitStatus() == EXIT_PUBLISHED ? "published" : "not_promoted", r.exitStatus(), null,
            clock.instant());
        record.write(workFs, runDir);
        return r;
      } catch (IOException | RuntimeException e) {
        boolean user = SparkRcnn.rootUserError(e) != null;
        record.finish(user ? "user_error" : "failed", user ? SparkRcnn.EXIT_USER_ERROR : SparkRcnn.EXIT_FAILURE,
            oneLine(user ? SparkRcnn.rootUserError(e) : e), clock.instant());
        try {
          record.write(workFs, runDir);
        } catch (IOException | RuntimeException writing) {
          e.addSuppressed(writing);
        }
        throw e;
      }
    }
  }

  private static String oneLine(Throwable t) {
    String message = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
    return message.lines().findFirst().orElse("").strip();
  }
}
