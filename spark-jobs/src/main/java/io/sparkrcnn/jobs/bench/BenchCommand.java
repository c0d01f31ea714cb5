package io.sparkrcnn.jobs.bench;

import picocli.CommandLine.Command;

/** {@code sparkrcnn bench}: benchmarks that print a table for docs/benchmarks.md. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Runs a benchmark and prints its table (Markdown) for docs/benchmarks.md.",
    subcommands = {ConvertBenchmark.class, TrainBenchmark.class, AveragingBenchmark.class,
        InferenceBenchmark.class})
public final class BenchCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), 
        "name a benchmark: convert, train, averaging or inference");
  }
}
