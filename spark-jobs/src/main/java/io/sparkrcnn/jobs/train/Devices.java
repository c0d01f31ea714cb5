package io.sparkrcnn.jobs.train;

import io.sparkrcnn.jobs.UserError;
import io.sparkrcnn.jobs.spark.TaskDevices;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checks that the device the user asked for is one ND4J can compute on, on the driver and on the executors,
 * before any data is read or step taken.
 */
final class Devices {
  private Devices() {}

  /** Null when this JVM can compute on {@code device}; else why not. */
  static String problem(String device) {
    if (device.equals("cpu")) {
      return null;
    }
    if (!TaskDevices.cudaBackend()) {
      String backend = Nd4j.getBackend().getClass().getSimpleName();
      return "ND4J's backend here is " + backend + " (CPU): build the job with -Pcuda (ND4J CUDA backend, GPUs up to"
          + " compute capability 8.6) or train with --device cpu";
    }
    int devices = Nd4j.getAffinityManager().getNumberOfDevices();
    return devices > 0 ? null : "ND4J's CUDA backend finds no GPU (check the driver and CUDA_VISIBLE_DEVICES)";
  }

  static void checkDriver(String device) {
    if (!device.equals("cpu") && !device.equals("gpu")) {
      throw new UserError("--device " + device + ": use cpu or gpu");
    }
    String p = problem(device);
    if (p != null) {
      throw new UserError("--device " + device + ": " + p);
    }
  }

  /** Runs one small task per worker and refuses the device if any executor cannot use it. */
  static void checkExecutors(JavaSparkContext sc, String device, int workers) {
    if (device.equals("cpu")) {
      return;
    }
    List<Integer> slots = IntStream.range(0, workers).boxed().toList();
    List<String> problems = new ArrayList<>(sc.parallelize(slots, workers).map(i -> {
      String p = problem(device);
      return p == null ? "" : java.net.InetAddress.getLocalHost().getHostName() + ": " + p;
    }).filter(s -> !s.isEmpty()).collect());
    if (!problems.isEmpty()) {
      throw new UserError("--device " + device + " on the executors: " + problems.get(0));
    }
  }
}
