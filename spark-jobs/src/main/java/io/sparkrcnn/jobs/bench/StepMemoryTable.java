package io.sparkrcnn.jobs.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.Pointer;

/**
 * {@code bench train}'s memory table: each config's model measured by {@link StepMemoryProbe} in a child JVM of its
 * own (same JVM options, classpath and ND4J settings as this one), one after another, so that one model's garbage
 * and workspaces do not count against the next and only one large model is in memory at a time.
 */
final class StepMemoryTable {
  private StepMemoryTable() {}

  static void print(List<String> configs, int steps, PrintWriter out, PrintWriter err)
      throws IOException, InterruptedException {
    Runtime r = Runtime.getRuntime();
    out.printf(Locale.ROOT, "%nPeak memory of a training step, batch 1, each model at its config's canvas in a fresh"
        + " JVM (max heap %s, JavaCPP maxBytes %s, maxPhysicalBytes %s):%n%n", gib(r.maxMemory()),
        gib(Pointer.maxBytes()), gib(Pointer.maxPhysicalBytes()));
    out.println("| model | canvas | parameters | s/step | JVM before the step (RSS) | peak RSS, step 1 | peak RSS,"
        + " later steps | peak Java heap used (committed) | peak ND4J off-heap (workspaces) | executor needs |"
        + " StepMemory estimate | estimate ÷ needs |");
    out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    out.flush();
    for (String config : configs) {
      StepMemoryProbe.Result res = run(config, steps, err);
      out.println(row(res));
      out.flush();
    }
  }

  /** A table row; a model whose child failed gets its error instead of numbers. */
  static String row(StepMemoryProbe.Result res) {
    if (res.failure() != null) {
      return "| " + res.model() + " | failed: " + res.failure().replace('|', '/') + " |" + "|".repeat(10);
    }
    List<StepMemoryProbe.Step> s = res.steps();
    StepMemoryProbe.Step first = s.get(0);
    long later = s.stream().skip(1).mapToLong(StepMemoryProbe.Step::peakResident).max().orElse(0);
    long peak = Math.max(first.peakResident(), later);
    long heapUsed = s.stream().mapToLong(StepMemoryProbe.Step::heapUsed).max().orElse(0);
    long heapCommitted = s.stream().mapToLong(StepMemoryProbe.Step::heapCommitted).max().orElse(0);
    long offHeap = s.stream().mapToLong(StepMemoryProbe.Step::offHeap).max().orElse(0);
    long workspaces = s.stream().mapToLong(StepMemoryProbe.Step::workspaces).max().orElse(0);
    double seconds = s.stream().skip(s.size() > 1 ? 1 : 0).mapToDouble(StepMemoryProbe.Step::seconds).average()
        .orElse(0);
    long needs = needs(res, peak);
    return String.format(Locale.ROOT, "| %s | %d | %,d | %.1f | %s | %s | %s | %s (%s) | %s (%s) | %s | %s | %.2f%s |",
        res.model(), res.canvas(), res.params(), seconds, gib(res.residentBefore()), gib(first.peakResident()),
        later > 0 ? gib(later) : "–", gib(heapUsed), gib(heapCommitted), gib(offHeap), gib(workspaces), gib(needs),
        gib(res.estimate()), res.estimate() / (double) needs, res.estimate() < needs ? " (below)" : "");
  }

  /**
   * What a training worker needs: the measured peak of a lone step plus what a worker holds besides during
   * parameter averaging, as {@code StepMemory} counts it: the broadcast and the averaged parameters (two float
   * copies) and the prepared batches of a round beyond the one being trained on.
   */
  static long needs(StepMemoryProbe.Result res, long peakResident) {
    return peakResident + 2 * res.params() * Float.BYTES
        + (StepMemoryProbe.TRAIN_BATCHES_HELD - 1) * res.imageBytes();
  }

  private static StepMemoryProbe.Result run(String config, int steps, PrintWriter err)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!a.startsWith("-agentlib") && !a.startsWith("-javaagent") && !a.startsWith("-XX:StartFlightRecording")
          && !a.startsWith("-Xrunjdwp")) {
        cmd.add(a);
      }
    }
    // ND4J / DL4J / JavaCPP settings this JVM was given or set itself (helpers, threads, memory limits)
    System.getProperties().forEach((k, v) -> {
      String key = k.toString();
      if (key.startsWith("org.eclipse.deeplearning4j") || key.startsWith("org.deeplearning4j")
          || key.startsWith("org.nd4j") || key.startsWith("org.bytedeco") || key.startsWith("sparkrcnn")) {
        cmd.add("-D" + key + "=" + v);
      }
    });
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(StepMemoryProbe.class.getName());
    cmd.addAll(StepMemoryProbe.arguments(config, steps));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start(); // its progress and logs: to err
    StepMemoryProbe.Result result = null;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.contains(StepMemoryProbe.MARK)) {
          result = StepMemoryProbe.Result.decode(line);
        } else {
          err.println(line);
          err.flush();
        }
      }
    }
    int status = p.waitFor();
    if (result == null) {
      String model = config.replaceAll(".*/", "");
      return new StepMemoryProbe.Result(model, 0, 0, 0, 0, List.of(), "the JVM exited with status " + status
          + " (killed for memory?) before reporting");
    }
    return result;
  }

  static String gib(double bytes) {
    return String.format(Locale.ROOT, "%.2f GiB", bytes / (1L << 30));
  }
}
