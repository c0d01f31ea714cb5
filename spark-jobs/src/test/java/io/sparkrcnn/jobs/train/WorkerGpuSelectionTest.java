package io.sparkrcnn.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.jobs.spark.TaskDevices;
import io.sparkrcnn.jobs.spark.TaskDevices.Selection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Tuple2;

/**
 * Spark's fake GPUs: a local-cluster of two Workers, each given the GPUs "3" and "5" by cluster-configs/gpu's
 * discovery script over a fake nvidia-smi, and two executor JVMs of one GPU each. Each training worker's task
 * (RoundWorker) selects the device its address names (recorded only, on ND4J's CPU backend).
 */
@Tag("slow")
class WorkerGpuSelectionTest {
  @TempDir
  Path dir;

  @Test
  void eachTaskSelectsTheGpuSparkGaveIt() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    executable(bin.resolve("nvidia-smi"), "#!/bin/sh\nprintf '3\\n5\\n'\n");
    Path script = Path.of("..", "cluster-configs", "gpu", "discover-gpus.sh").toAbsolutePath().normalize();
    Path discovery = executable(dir.resolve("discover.sh"),
        "#!/bin/bash\nPATH='" + bin + "':\"$PATH\" exec '" + script + "'\n");
    Path sparkHome = Files.createDirectories(dir.resolve("spark-home").resolve("jars")).getParent();
    String opens = new String(getClass().getResourceAsStream("/io/sparkrcnn/jobs/java17-opens.txt").readAllBytes(),
        StandardCharsets.UTF_8).trim();
    SparkConf conf = new SparkConf(false).setMaster("local-cluster[2,1,1024]").setAppName("fake-gpus")
        .set("spark.ui.enabled", "false")
        .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
        .set("spark.worker.resource.gpu.amount", "2")
        .set("spark.worker.resource.gpu.discoveryScript", discovery.toString())
        .set("spark.executor.resource.gpu.amount", "1")
        .set("spark.task.resource.gpu.amount", "1")
        .set("spark.executor.memory", "512m")
        .set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
        .set("spark.executor.extraJavaOptions", opens)
        .set("spark.executorEnv.SPARK_SCALA_VERSION", "2.12")
        .set("spark.executorEnv.SPARK_LOCAL_IP", "127.0.0.1");
    // A Worker started in a test JVM takes its SPARK_HOME (a folder with jars/) from spark.test.home.
    System.setProperty("spark.testing", "true");
    System.setProperty("spark.test.home", sparkHome.toString());
    org.apache.spark.util.Utils.setCustomHostname("127.0.0.1");
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      long deadline = System.nanoTime() + 120_000_000_000L;
      while (sc.sc().getExecutorMemoryStatus().size() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertEquals(3, sc.sc().getExecutorMemoryStatus().size(), "the driver and two executors");
      List<Tuple2<String, Selection>> tasks = sc.parallelize(List.of(0, 1, 2, 3), 4).map(i -> {
        String address = TaskContext.get().resources().get("gpu").get().addresses()[0];
        new RoundWorker(null, null, List.of(), 1, 0, "r").call(Collections.emptyIterator());
        return new Tuple2<>(address, TaskDevices.lastOnThisThread());
      }).collect();
      Set<String> addresses = new TreeSet<>();
      for (Tuple2<String, Selection> t : tasks) {
        addresses.add(t._1());
        assertEquals(t._1(), t._2().address(), "RoundWorker selected the task's own GPU");
        assertEquals(Integer.parseInt(t._1()), t._2().device());
        assertFalse(t._2().selected(), "ND4J's CPU backend: nothing to select");
      }
      assertEquals(4, tasks.size());
      assertTrue(Set.of("3", "5").containsAll(addresses) && !addresses.isEmpty(), addresses.toString());
    } finally {
      System.clearProperty("spark.testing");
      System.clearProperty("spark.test.home");
    }
  }

  private static Path executable(Path file, String text) throws Exception {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }
}
