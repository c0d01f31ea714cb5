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

  /**
   * A synthetic Pets folder {@code dir/pets} converted into {@code dir/records} (default shards), failing the test
   * when either command fails; returns the records folder.
   */
  public static java.nio.file.Path syntheticRecords(java.nio.file.Path dir, int classes, int imagesPerClass,
      String imageSize) {
    java.nio.file.Path pets = dir.resolve("pets");
    java.nio.file.Path records = dir.resolve("records");
    Run synth = run("synth", "--output_dir", pets.toString(), "--num_classes", String.valueOf(classes),
        "--images_per_class", String.valueOf(imagesPerClass), "--image_size", imageSize);
    org.junit.jupiter.api.Assertions.assertEquals(0, synth.exit(), synth.err());
    Run convert = run("convert", "--data_dir", pets.toString(), "--output_dir", records.toString());
    org.junit.jupiter.api.Assertions.assertEquals(0, convert.exit(), convert.err());
    return records;
  }

  /** Asserts that {@code r} was refused (exit 2) with one line on stderr, naming each of {@code parts}. */
  public static void assertRefusedInOneLine(Run r, String... parts) {
    org.junit.jupiter.api.Assertions.assertEquals(2, r.exit(), r.out() + r.err());
    org.junit.jupiter.api.Assertions.assertEquals(1, r.err().strip().lines().count(), r.err());
    for (String part : parts) {
      org.junit.jupiter.api.Assertions.assertTrue(r.err().contains(part), part + " in: " + r.err());
    }
  }
}
