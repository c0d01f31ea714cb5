package io.sparkrcnn.jobs.clusterconfigs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.yarn.ResourceRequestHelper$;
import org.apache.spark.resource.ResourceProfile;
import org.apache.spark.resource.ResourceRequest;
import org.apache.spark.resource.ResourceUtils$;
import org.apache.spark.resource.ResourceProfile$;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The shipped spark-defaults files: every key a known Spark 3.5 setting with a value Spark takes, the root pom's
 * Java 17 flags for driver and executors, one YARN attempt, no dynamic allocation, Java serialization, and GPU
 * settings that Spark's own resource parsing (and YARN's validation) accepts.
 */
class SparkDefaultsTest {
  @ParameterizedTest
  @ValueSource(strings = {"standalone", "yarn", "kubernetes"})
  void everySettingIsAKnownSparkKeyWithAValueSparkTakes(String cluster) throws Exception {
    Map<String, String> all = new HashMap<>(SparkDefaultsFiles.active(cluster));
    all.putAll(SparkDefaultsFiles.optional(cluster, "#GPU# "));
    all.putAll(SparkDefaultsFiles.optional(cluster, "#WORKER# "));
    assertEquals(List.of(), SparkKeys.problems(cluster, all));
    assertTrue(all.size() >= 15, cluster + " has " + all.size() + " settings");
  }

  @Test
  void theKeyCheckRefusesTyposAndValuesSparkRefuses() {
    for (String key : List.of("spark.serializer", "spark.driver.memory", "spark.driver.memoryOverhead",
        "spark.driver.maxResultSize", "spark.driver.extraJavaOptions", "spark.executor.cores", "spark.executor.memory",
        "spark.executor.memoryOverhead", "spark.executor.extraJavaOptions", "spark.executor.instances",
        "spark.task.cpus", "spark.task.maxFailures", "spark.cores.max", "spark.dynamicAllocation.enabled",
        "spark.yarn.maxAppAttempts", "spark.yarn.resourceGpuDeviceName")) {
      assertTrue(SparkKeys.registered(key), key + " is declared by Spark 3.5's core or YARN module");
    }
    List<String> p = SparkKeys.problems("t", Map.of("spark.executor.memoryOverHead", "8g",
        "spark.task.maxFailures", "four", "spark.driver.memory", "6 gigs", "spark.task.resource.gpu.amount", "0"));
    assertEquals(4, p.size(), String.join("\n", p));
    assertTrue(p.stream().anyMatch(l -> l.contains("spark.executor.memoryOverHead is not a Spark 3.5 setting")));
    assertTrue(p.stream().anyMatch(l -> l.contains("spark.task.maxFailures = 'four': Spark refuses it")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"standalone", "yarn", "kubernetes"})
  void driverAndExecutorsGetExactlyThePomsJava17Flags(String cluster) throws Exception {
    Map<String, String> s = SparkDefaultsFiles.active(cluster);
    List<String> opens = SparkDefaultsFiles.pomOpens();
    assertEquals(13, opens.size());
    assertEquals(opens, SparkDefaultsFiles.opensOf(s.get("spark.driver.extraJavaOptions")));
    assertEquals(opens, SparkDefaultsFiles.opensOf(s.get("spark.executor.extraJavaOptions")));
    assertEquals(List.of(), SparkDefaultsFiles.othersOf(s.get("spark.driver.extraJavaOptions")));
    assertEquals(List.of("-Dorg.bytedeco.javacpp.maxbytes=7g", "-Dorg.bytedeco.javacpp.maxphysicalbytes=9g"),
        SparkDefaultsFiles.othersOf(s.get("spark.executor.extraJavaOptions")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"standalone", "yarn", "kubernetes"})
  void trainingGetsAFixedSetOfExecutorsJavaSerializationAndRetriedTasks(String cluster) throws Exception {
    Map<String, String> s = SparkDefaultsFiles.active(cluster);
    assertEquals("false", s.get("spark.dynamicAllocation.enabled"));
    assertEquals("org.apache.spark.serializer.JavaSerializer", s.get("spark.serializer"));
    assertEquals("4", s.get("spark.task.maxFailures"));
    assertEquals(s.get("spark.executor.cores"), s.get("spark.task.cpus"), "one training worker per executor");
    assertEquals(cluster.equals("yarn") ? "1" : null, s.get("spark.yarn.maxAppAttempts"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"yarn", "kubernetes"})
  void executorContainersHoldTheJavacppLimits(String cluster) throws Exception {
    Map<String, String> s = SparkDefaultsFiles.active(cluster);
    long container = gib(s.get("spark.executor.memory")) + gib(s.get("spark.executor.memoryOverhead"));
    Map<String, Long> limits = new HashMap<>();
    for (String o : SparkDefaultsFiles.othersOf(s.get("spark.executor.extraJavaOptions"))) {
      String[] kv = o.substring("-Dorg.bytedeco.javacpp.".length()).split("=");
      limits.put(kv[0], gib(kv[1]));
    }
    assertTrue(limits.get("maxphysicalbytes") < container, "JavaCPP refuses memory before the container is killed");
    assertTrue(limits.get("maxbytes") + gib(s.get("spark.executor.memory")) <= limits.get("maxphysicalbytes"));
    assertTrue(container >= 8 + 2, "a ResNet-101 step needs 7.6 GiB resident, plus the round's batches");
  }

  private static long gib(String size) {
    assertTrue(size.matches("\\d+g"), size);
    return Long.parseLong(size.substring(0, size.length() - 1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"standalone", "yarn", "kubernetes"})
  void theGpuSettingsGiveEachExecutorAndTaskOneGpu(String cluster) throws Exception {
    SparkConf conf = new SparkConf(false);
    SparkDefaultsFiles.active(cluster).forEach(conf::set);
    SparkDefaultsFiles.optional(cluster, "#GPU# ").forEach(conf::set);
    ResourceProfile profile = ResourceProfile$.MODULE$.getOrCreateDefaultProfile(conf);
    assertEquals(1L, profile.executorResourcesJMap().get("gpu").amount());
    assertEquals(1.0, profile.taskResourcesJMap().get("gpu").amount());
    ResourceProfile$.MODULE$.clearDefaultProfile();
    if (cluster.equals("yarn")) {
      ResourceRequestHelper$.MODULE$.validateResources(conf);
      conf.set("spark.yarn.executor.resource.yarn.io/gpu.amount", "1");
      assertThrows(Exception.class, () -> ResourceRequestHelper$.MODULE$.validateResources(conf),
          "YARN refuses its own gpu key next to Spark's: the file must never set it");
    }
    if (cluster.equals("standalone")) {
      SparkDefaultsFiles.optional(cluster, "#WORKER# ").forEach(conf::set);
      scala.collection.Seq<ResourceRequest> worker = ResourceUtils$.MODULE$.parseAllResourceRequests(conf,
          "spark.worker");
      assertEquals(1, worker.size());
      assertEquals(2L, worker.head().amount());
      assertTrue(worker.head().discoveryScript().isPresent(), "the Worker runs the discovery script");
    }
    if (cluster.equals("kubernetes")) {
      assertEquals("nvidia.com", conf.get("spark.executor.resource.gpu.vendor"));
    }
    assertFalse(SparkDefaultsFiles.active(cluster).containsKey("spark.executor.resource.gpu.amount"),
        "GPUs stay opt-in: the default build is ND4J's CPU backend");
  }
}
