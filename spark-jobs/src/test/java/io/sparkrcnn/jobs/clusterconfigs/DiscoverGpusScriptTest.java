package io.sparkrcnn.jobs.clusterconfigs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.apache.spark.resource.ResourceInformation;
import org.apache.spark.resource.ResourceInformation$;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cluster-configs/gpu/discover-gpus.sh with a fake nvidia-smi on PATH, a failing one, and none. */
class DiscoverGpusScriptTest {
  static final Path SCRIPT = Path.of("..", "cluster-configs", "gpu", "discover-gpus.sh").toAbsolutePath().normalize();

  @TempDir
  Path dir;

  record Run(int status, String out, String err) {}

  /** Writes a fake {@code nvidia-smi} into {@code bin} that prints {@code output} and exits {@code status}. */
  static Path fakeNvidiaSmi(Path bin, String output, int status) throws IOException {
    Files.createDirectories(bin);
    Path smi = bin.resolve("nvidia-smi");
    Files.writeString(smi, "#!/bin/sh\n"
        + "[ \"$*\" = \"--query-gpu=index --format=csv,noheader\" ] || { echo \"unexpected: $*\" >&2; exit 9; }\n"
        + "printf '" + output + "'\nexit " + status + "\n");
    Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }

  private Run run(String path, String... args) throws Exception {
    var cmd = new java.util.ArrayList<>(java.util.List.of("/bin/bash", SCRIPT.toString()));
    cmd.addAll(java.util.List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().clear();
    pb.environment().put("PATH", path);
    Path out = dir.resolve("out");
    Path err = dir.resolve("err");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void listsEachGpuNvidiaSmiSeesInSparksFormat() throws Exception {
    Path bin = fakeNvidiaSmi(dir.resolve("bin"), "0\\n1\\n", 0);
    Run r = run(bin + ":/usr/bin:/bin");
    assertEquals(0, r.status(), r.err());
    assertEquals("{\"name\":\"gpu\",\"addresses\":[\"0\",\"1\"]}\n", r.out());
    ResourceInformation parsed = ResourceInformation$.MODULE$.parseJson(r.out().trim());
    assertEquals("gpu", parsed.name());
    assertEquals(java.util.List.of("0", "1"), java.util.List.of(parsed.addresses()));
  }

  @Test
  void aContainerWithOneGpuListsItsIndex() throws Exception {
    Path bin = fakeNvidiaSmi(dir.resolve("bin"), "3\\n", 0);
    assertEquals("{\"name\":\"gpu\",\"addresses\":[\"3\"]}\n", run(bin + ":/usr/bin:/bin").out());
  }

  @Test
  void withoutNvidiaSmiItSaysSoInOneLineAndFails() throws Exception {
    Run r = run("/usr/bin:/bin");
    assertEquals(1, r.status());
    assertEquals("", r.out());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("discover-gpus.sh: nvidia-smi not found on PATH"), r.err());
  }

  @Test
  void aFailingNvidiaSmiFailsTheScriptWithItsMessage() throws Exception {
    Path bin = fakeNvidiaSmi(dir.resolve("bin"), "NVIDIA-SMI has failed because it could not communicate\\n", 6);
    Run r = run(bin + ":/usr/bin:/bin");
    assertEquals(1, r.status());
    assertEquals("", r.out());
    assertTrue(r.err().contains("nvidia-smi failed: NVIDIA-SMI has failed"), r.err());
  }

  @Test
  void outputThatIsNoIndexIsRefused() throws Exception {
    Path bin = fakeNvidiaSmi(dir.resolve("bin"), "GPU-5d3f\\n", 0);
    Run r = run(bin + ":/usr/bin:/bin");
    assertEquals(1, r.status());
    assertTrue(r.err().contains("'GPU-5d3f' where a GPU index was expected"), r.err());
  }

  @Test
  void helpSaysWhatItPrints() throws Exception {
    Run r = run("/usr/bin:/bin", "--help");
    assertEquals(0, r.status());
    assertTrue(r.out().startsWith("usage: discover-gpus.sh"), r.out());
    assertEquals(2, run("/usr/bin:/bin", "--bogus").status());
  }

  @Test
  void theScriptIsExecutableAsSparkRunsIt() {
    assertTrue(Files.isExecutable(SCRIPT), "Spark runs the discovery script directly: keep its exec bit");
  }
}
