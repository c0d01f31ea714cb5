package io.sparkrcnn.jobs.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts {@link TensorFlowInferenceRunner} in a child JVM (this JVM's java) whose classpath is TensorFlow for Java's
 * jars and a folder holding the runner's class file alone, copied out of this JVM's classpath: nothing of ND4J,
 * DL4J or this jar reaches the child. Its stdout's JSON line is read back; its stderr goes to a file.
 */
final class TensorFlowChild {
  static final String RUNNER = "io.sparkrcnn.jobs.bench.TensorFlowInferenceRunner";

  private TensorFlowChild() {}

  /** Runs the runner with {@code args} in {@code dir}; an {@link IOException} when it fails. */
  static InferenceTable.TensorFlowRun run(List<Path> tfJars, Path dir, List<String> args) throws IOException {
    Path classes = runnerClasses(dir.toAbsolutePath().resolve("runner-classes"));
    List<String> cp = new ArrayList<>();
    cp.add(classes.toString());
    tfJars.forEach(j -> cp.add(j.toAbsolutePath().toString()));
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", String.join(File.pathSeparator, cp), RUNNER));
    cmd.addAll(args);
    Path stderr = dir.resolve("tensorflow-stderr.txt");
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(stderr.toFile()).start();
    String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc;
    try {
      rc = p.waitFor();
    } catch (InterruptedException e) {
      p.destroy();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while TensorFlow ran");
    }
    if (rc != 0) {
      List<String> lines = Files.readAllLines(stderr);
      throw new IOException("the TensorFlow runner exited " + rc + " (" + stderr + "): "
          + (lines.isEmpty() ? "no output" : lines.get(lines.size() - 1)));
    }
    return InferenceTable.parse(stdout);
  }

  /** {@code root} holding the runner's class file at its package path. */
  static Path runnerClasses(Path root) throws IOException {
    String file = RUNNER.replace('.', '/') + ".class";
    Path target = root.resolve(file);
    Files.createDirectories(target.getParent());
    try (InputStream in = TensorFlowChild.class.getClassLoader().getResourceAsStream(file)) {
      if (in == null) {
        throw new IOException(file + " is not on this JVM's classpath");
      }
      Files.write(target, in.readAllBytes());
    }
    return root;
  }
}
