package io.sparkrcnn.jobs.testing;

import io.sparkrcnn.jobs.SparkRcnn;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the sparkrcnn command line in this JVM (Spark local[2]) and keeps what it printed. */
public final class Cli {
  public record Run(int exit, String out, String err) {}

  private Cli() {}

  public static Run run(String... args) {
    System.setProperty("spark.master", "local[2]");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = SparkRcnn.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }
}
