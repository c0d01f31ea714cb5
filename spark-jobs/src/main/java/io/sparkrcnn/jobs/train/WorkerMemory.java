package io.sparkrcnn.jobs.train;

import io.sparkrcnn.io.fs.ProcessIdentity;
import io.sparkrcnn.jobs.UserError;
import io.sparkrcnn.model.detector.StepMemory;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.bytedeco.javacpp.Pointer;

/**
 * The memory a training worker can use, as its executor JVM sees it, and the refusal of a batch whose step cannot
 * fit in it. A JVM offers its Java heap plus ND4J's off-heap limit, at most JavaCPP's physical-memory limit and
 * the machine's (or container's) memory; workers that run in the same JVM (all of them in local mode) share it.
 */
final class WorkerMemory {
  private WorkerMemory() {}

  /** What one executor JVM offers: an identity (host and process) and its usable bytes. */
  record Jvm(String id, long bytes) implements Serializable {
    static Jvm here() {
      long heap = Runtime.getRuntime().maxMemory();
      long offHeap = Pointer.maxBytes() > 0 ? Pointer.maxBytes() : Long.MAX_VALUE / 4;
      long physicalLimit = Pointer.maxPhysicalBytes() > 0 ? Pointer.maxPhysicalBytes() : Long.MAX_VALUE;
      long machine = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean o
          ? o.getTotalMemorySize() : Long.MAX_VALUE;
      ProcessIdentity self = ProcessIdentity.current();
      return new Jvm(self.host() + "/" + self.pid(), Math.min(heap + offHeap, Math.min(physicalLimit, machine)));
    }
  }

  /** The bytes each of {@code workers} workers can use: one task per worker asks its JVM; sharers divide it. */
  static long perWorker(JavaSparkContext sc, int workers) {
    List<Jvm> jvms = sc.parallelize(IntStream.range(0, workers).boxed().toList(), workers).map(i -> Jvm.here())
        .collect();
    Map<String, Long> bytes = new HashMap<>();
    Map<String, Integer> sharers = new HashMap<>();
    for (Jvm j : jvms) {
      bytes.put(j.id(), j.bytes());
      sharers.merge(j.id(), 1, Integer::sum);
    }
    // a retried or rescheduled task can land elsewhere; assume the workers spread as evenly as the JVMs allow
    int perJvm = (int) Math.ceil(workers / (double) bytes.size());
    long least = Long.MAX_VALUE;
    for (var e : bytes.entrySet()) {
      least = Math.min(least, e.getValue() / Math.max(perJvm, sharers.get(e.getKey())));
    }
    return least;
  }

  /** Refuses {@code batch} when {@code estimate} says its step needs more than {@code available} bytes. */
  static void check(StepMemory estimate, int batch, long available, int workers) {
    double needs = estimate.bytes(batch);
    if (needs <= available) {
      return;
    }
    long fits = estimate.largestBatch(available);
    throw new UserError(String.format(Locale.ROOT, "train_config.batch_size %d needs at least %s per worker for a"
        + " training step (%s per image), but a worker has %s (%d worker%s); lower batch_size%s or give the executors"
        + " more memory (--executor-memory and spark.executor.memoryOverhead, which holds ND4J's off-heap arrays)",
        batch, size(needs), size(estimate.perImageBytes()), size(available), workers, workers == 1 ? "" : "s",
        fits > 0 ? " (at most " + fits + " fits)" : ""));
  }

  static String size(double bytes) {
    return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GiB", bytes / (1L << 30))
        : String.format(Locale.ROOT, "%.0f MiB", bytes / (1L << 20));
  }
}
