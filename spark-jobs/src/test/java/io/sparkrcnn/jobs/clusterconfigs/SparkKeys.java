package io.sparkrcnn.jobs.clusterconfigs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.spark.internal.config.ConfigEntry;
import org.apache.spark.internal.config.ConfigEntry$;

/**
 * The Spark 3.5 properties the shipped configs may set, each with a check of its value. A key Spark's core or YARN
 * module declares is also looked up in Spark's own registry of declared settings and its value parsed by Spark's
 * converter for it (so a bad number or size fails as spark-submit would fail); the per-resource
 * ({@code spark.*.resource.gpu.*}, {@code spark.executorEnv.*}) and Kubernetes keys, which that registry does not
 * hold here (no spark-kubernetes on the classpath), are those of Spark 3.5's configuration, running-on-yarn and
 * running-on-kubernetes docs.
 */
final class SparkKeys {
  private static final Predicate<String> ANY = v -> !v.isEmpty();
  private static final Predicate<String> POSITIVE = v -> v.matches("\\d+(\\.\\d+)?") && Double.parseDouble(v) > 0;
  private static final Predicate<String> SCRIPT = v -> v.startsWith("/") && v.endsWith("/discover-gpus.sh");

  /** Each key the configs may set → a check of its value (beyond Spark's own parse, for the keys it declares). */
  private static final Map<String, Predicate<String>> KNOWN = Map.ofEntries(
      Map.entry("spark.serializer", ANY),
      Map.entry("spark.driver.memory", ANY),
      Map.entry("spark.driver.memoryOverhead", ANY),
      Map.entry("spark.driver.maxResultSize", ANY),
      Map.entry("spark.driver.extraJavaOptions", ANY),
      Map.entry("spark.executor.cores", ANY),
      Map.entry("spark.executor.memory", ANY),
      Map.entry("spark.executor.memoryOverhead", ANY),
      Map.entry("spark.executor.extraJavaOptions", ANY),
      Map.entry("spark.executor.instances", ANY),
      Map.entry("spark.task.cpus", ANY),
      Map.entry("spark.task.maxFailures", ANY),
      Map.entry("spark.cores.max", ANY),
      Map.entry("spark.dynamicAllocation.enabled", ANY),
      Map.entry("spark.scheduler.minRegisteredResourcesRatio", v -> Double.parseDouble(v) == 1.0),
      Map.entry("spark.yarn.maxAppAttempts", ANY),
      Map.entry("spark.yarn.resourceGpuDeviceName", ANY),
      Map.entry("spark.executor.resource.gpu.amount", POSITIVE),
      Map.entry("spark.executor.resource.gpu.discoveryScript", SCRIPT),
      Map.entry("spark.executor.resource.gpu.vendor", v -> v.equals("nvidia.com")),
      Map.entry("spark.task.resource.gpu.amount", POSITIVE),
      Map.entry("spark.worker.resource.gpu.amount", POSITIVE),
      Map.entry("spark.worker.resource.gpu.discoveryScript", SCRIPT),
      Map.entry("spark.executorEnv.CUDA_DEVICE_ORDER", v -> v.equals("PCI_BUS_ID")),
      Map.entry("spark.kubernetes.container.image", ANY),
      Map.entry("spark.kubernetes.namespace", v -> v.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")),
      Map.entry("spark.kubernetes.authenticate.driver.serviceAccountName", ANY));

  static {
    // Spark registers a setting when the object declaring it is first used.
    org.apache.spark.internal.config.package$.MODULE$.toString();
    org.apache.spark.deploy.yarn.config.package$.MODULE$.toString();
  }

  private SparkKeys() {}

  /** One line per problem: an unknown key, a value Spark would refuse, or one outside the key's check. */
  static List<String> problems(String file, Map<String, String> settings) {
    List<String> out = new ArrayList<>();
    settings.forEach((key, value) -> {
      Predicate<String> check = KNOWN.get(key);
      if (check == null) {
        out.add(file + ": " + key + " is not a Spark 3.5 setting these configs use (typo?)");
        return;
      }
      if (!check.test(value)) {
        out.add(file + ": " + key + " = '" + value + "' is not a value it takes");
      }
      ConfigEntry<?> entry = ConfigEntry$.MODULE$.findEntry(key);
      if (entry != null) {
        try {
          entry.valueConverter().apply(value);
        } catch (RuntimeException e) {
          out.add(file + ": " + key + " = '" + value + "': Spark refuses it: " + e.getMessage());
        }
      }
    });
    return out;
  }

  /** Whether Spark's registry declares {@code key} (core and YARN settings). */
  static boolean registered(String key) {
    return ConfigEntry$.MODULE$.findEntry(key) != null;
  }
}
