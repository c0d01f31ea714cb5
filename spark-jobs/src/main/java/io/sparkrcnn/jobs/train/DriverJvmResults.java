package io.sparkrcnn.jobs.train;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkEnv;

/**
 * Worker results that never leave the driver's JVM. In local mode the executor is the driver JVM itself, yet Spark
 * still serializes every task result and deserializes it on the driver: for ResNet-50 two copies of 213 MB of
 * parameters and momentum per worker and round, through on-heap buffers that the collector then has to clear. There
 * a result payload writes only its key in this table and the driver's read takes the arrays back from it (the
 * same trick Spark plays for a local broadcast, which tasks read as the driver's own object). Executors in other JVMs
 * ({@code local-cluster}, clusters) are not the driver and write the bytes. A result is taken once; those of task
 * attempts whose output Spark dropped are released with their round.
 */
final class DriverJvmResults {
  /** {@code SparkContext.DRIVER_IDENTIFIER}: the executor id of the driver's own executor in local mode. */
  private static final String DRIVER = "driver";
  private static final Map<String, Map<Long, ParameterPayload>> ROUNDS = new ConcurrentHashMap<>();
  private static final AtomicLong NEXT = new AtomicLong();
  private static final AtomicLong HANDED = new AtomicLong();

  private DriverJvmResults() {}

  /** True in a task (or the driver) of a local-mode application, whose executor is the driver JVM. */
  static boolean inDriverJvm() {
    SparkEnv env = SparkEnv.get();
    return env != null && DRIVER.equals(env.executorId());
  }

  /** Keeps {@code result} of {@code round} and returns the key its serialized form carries. */
  static long put(String round, ParameterPayload result) {
    long key = NEXT.incrementAndGet();
    ROUNDS.computeIfAbsent(round, r -> new ConcurrentHashMap<>()).put(key, result);
    return key;
  }

  /** The result {@code put} kept under {@code key}, removed from the table. */
  static ParameterPayload take(String round, long key) throws IOException {
    Map<Long, ParameterPayload> results = ROUNDS.get(round);
    ParameterPayload result = results == null ? null : results.remove(key);
    if (result == null) {
      throw new IOException("worker result " + key + " of averaging round " + round
          + " was already read or released (a result kept in the driver's JVM is read once)");
    }
    HANDED.incrementAndGet();
    return result;
  }

  /** Drops what is left of {@code round} (results of attempts Spark did not deliver). */
  static void release(String round) {
    ROUNDS.remove(round);
  }

  /** How many results this JVM handed over without bytes (tests check local mode uses it). */
  static long handedOver() {
    return HANDED.get();
  }
}
