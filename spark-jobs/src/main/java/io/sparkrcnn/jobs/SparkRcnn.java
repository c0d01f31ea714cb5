package io.sparkrcnn.jobs;

import io.sparkrcnn.io.fs.OutputPathException;
import io.sparkrcnn.io.labelmap.LabelMapException;
import io.sparkrcnn.jobs.bench.BenchCommand;
import io.sparkrcnn.jobs.convert.ConvertCommand;
import io.sparkrcnn.jobs.eval.EvalCommand;
import io.sparkrcnn.jobs.export.ExportCommand;
import io.sparkrcnn.jobs.predict.PredictCommand;
import io.sparkrcnn.jobs.spark.SparkContexts;
import io.sparkrcnn.jobs.synth.SynthCommand;
import io.sparkrcnn.model.runtime.Nd4jRuntime;
import java.io.PrintWriter;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sparkrcnn} command line: one subcommand per job, flags spelled as the Object Detection API spells them. */
@Command(name = "sparkrcnn", mixinStandardHelpOptions = true, version = "sparkrcnn 0.1.0",
    description = "Faster R-CNN on Spark: Oxford-IIIT Pets folders to TFRecords to a trained detector.",
    subcommands = {SynthCommand.class, ConvertCommand.class, io.sparkrcnn.jobs.train.TrainCommand.class,
        EvalCommand.class, ExportCommand.class, PredictCommand.class, io.sparkrcnn.jobs.nightly.NightlyCommand.class,
        BenchCommand.class})
public final class SparkRcnn implements Runnable {
  public static final int EXIT_USER_ERROR = 2;
  public static final int EXIT_FAILURE = 1;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command: synth, convert, train, eval, export, predict, nightly or bench");
  }

  /**
   * Returns normally on success and exits with the status otherwise. A {@code System.exit(0)} here would run the
   * JVM's shutdown hooks before YARN's ApplicationMaster reports the final status: YARN would mark the run FAILED
   * and start a second attempt on the first one's output.
   */
  public static void main(String[] args) {
    int status = execute(args);
    if (status != 0) {
      System.exit(status);
    }
    SparkContexts.ensureOneInYarnCluster();
  }

  /** Runs the command line and returns the exit status (0 success, 2 usage or input error, 1 failure). */
  public static int execute(String... args) {
    Nd4jRuntime.enableHelpers();
    CommandLine cli = commandLine();
    return cli.execute(args);
  }

  /** The configured command line (tests redirect its output). */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new SparkRcnn());
    cli.setParameterExceptionHandler((ex, args) -> {
      PrintWriter err = ex.getCommandLine().getErr();
      String name = ex.getCommandLine().getCommandSpec().qualifiedName();
      err.println(name + ": " + ex.getMessage() + " (see " + name + " --help)");
      err.flush();
      return EXIT_USER_ERROR;
    });
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      Throwable cause = rootUserError(ex);
      PrintWriter err = commandLine.getErr();
      String name = commandLine.getCommandSpec().qualifiedName();
      if (cause != null) {
        err.println(name + ": error: " + userMessage(cause));
        err.flush();
        return EXIT_USER_ERROR;
      }
      ex.printStackTrace(err);
      err.println(name + ": failed: " + ex);
      err.flush();
      return EXIT_FAILURE;
    });
    return cli;
  }

  /** Hadoop knows the scheme (s3a, gs, abfs…) but its filesystem library is not on the classpath. */
  private static boolean isMissingFileSystem(Throwable t) {
    return t instanceof ClassNotFoundException && t.getMessage() != null
        && t.getMessage().matches("(?s).*org\\.apache\\.hadoop\\.fs\\.\\S*FileSystem.*");
  }

  private static String userMessage(Throwable t) {
    if (t instanceof UnsupportedFileSystemException || isMissingFileSystem(t)) {
      return t.getMessage() + "; put the filesystem's library on the classpath (for s3a://: spark-submit"
          + " --packages org.apache.hadoop:hadoop-aws:3.3.4, e.g. in SPARKRCNN_SUBMIT_OPTS) or use a file:// or"
          + " hdfs:// path";
    }
    if (t instanceof java.net.URISyntaxException) {
      return "not a valid path: " + t.getMessage();
    }
    if (t instanceof org.apache.hadoop.security.AccessControlException
        || t instanceof java.nio.file.AccessDeniedException) {
      return "permission denied: " + t.getMessage().lines().findFirst().orElse("");
    }
    return t.getMessage();
  }

  /** The user-fixable error behind an exception, if there is one (Spark wraps task failures): exit 2, else 1. */
  public static Throwable rootUserError(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof UserError || t instanceof OutputPathException || t instanceof LabelMapException
          || t instanceof UnsupportedFileSystemException || isMissingFileSystem(t)
          || t instanceof io.sparkrcnn.model.config.PipelineConfigException
          || t instanceof io.sparkrcnn.jobs.train.TrainingDivergedException
          || t instanceof org.apache.hadoop.security.AccessControlException
          || t instanceof java.nio.file.AccessDeniedException
          || t instanceof java.net.URISyntaxException) {
        return t;
      }
    }
    return null;
  }
}
