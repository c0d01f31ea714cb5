package io.sparkrcnn.jobs.spark;

import java.io.Serializable;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Selects, in ND4J, the GPU that Spark gave the running task ({@code spark.task.resource.gpu.amount}): Spark hands
 * the task its GPU address but sets no {@code CUDA_VISIBLE_DEVICES}, and ND4J computes on the thread's device, so the
 * task's thread is bound to that device before it builds or restores a graph. The address is the index the
 * discovery script read from {@code nvidia-smi} (CUDA numbers devices the same way with
 * {@code CUDA_DEVICE_ORDER=PCI_BUS_ID}). On ND4J's CPU backend nothing is selected: the task computes on its cores
 * and the JVM says so once.
 */
public final class TaskDevices {
  private static final Logger LOG = LoggerFactory.getLogger(TaskDevices.class);
  private static final AtomicBoolean CPU_NOTED = new AtomicBoolean();
  private static final ThreadLocal<Selection> LAST = new ThreadLocal<>();
  private static final String GPU = "gpu";

  /** A task without a GPU (or code running outside a task). */
  public static final Selection NONE = new Selection(null, -1, false);

  private TaskDevices() {}

  /**
   * What {@link #selectForTask()} did for a task.
   *
   * @param address the GPU address Spark gave the task, null if none
   * @param device the ND4J device index it names, -1 if none
   * @param selected whether ND4J's device for the thread was set (the CUDA backend); false on the CPU backend
   */
  public record Selection(String address, int device, boolean selected) implements Serializable {}

  /** The ND4J device index of the first GPU address in a task's resources; empty when the task got no GPU. */
  public static OptionalInt deviceIndex(Map<String, ResourceInformation> resources) {
    ResourceInformation gpu = resources.get(GPU);
    if (gpu == null || gpu.addresses().length == 0) {
      return OptionalInt.empty();
    }
    String address = gpu.addresses()[0].trim();
    if (!address.matches("\\d+")) {
      throw new IllegalStateException("Spark gave this task the GPU address '" + address + "', not a device index:"
          + " the GPU discovery script must list nvidia-smi's indices (cluster-configs/gpu/discover-gpus.sh)");
    }
    return OptionalInt.of(Integer.parseInt(address));
  }

  /** Binds the running task's thread to its GPU in ND4J (CUDA backend), and returns and remembers what it did. */
  public static Selection selectForTask() {
    TaskContext task = TaskContext.get();
    Selection s = task == null ? NONE : select(task.resourcesJMap(), cudaBackend());
    LAST.set(s);
    return s;
  }

  /** What the last {@link #selectForTask()} on this thread did, {@link #NONE} if it never ran here. */
  public static Selection lastOnThisThread() {
    Selection s = LAST.get();
    return s == null ? NONE : s;
  }

  static Selection select(Map<String, ResourceInformation> resources, boolean cuda) {
    OptionalInt device = deviceIndex(resources);
    if (device.isEmpty()) {
      return NONE;
    }
    String address = resources.get(GPU).addresses()[0].trim();
    int index = device.getAsInt();
    if (!cuda) {
      if (CPU_NOTED.compareAndSet(false, true)) {
        LOG.warn("Spark gave this executor's tasks GPUs (first: {}), but ND4J's backend here is {}: they compute on"
            + " the CPU. Build the job with -Pcuda for ND4J's CUDA backend.", address, Nd4j.getBackend()
            .getClass().getSimpleName());
      }
      return new Selection(address, index, false);
    }
    int devices = Nd4j.getAffinityManager().getNumberOfDevices();
    if (index >= devices) {
      throw new IllegalStateException("Spark gave this task GPU " + index + " but ND4J sees " + devices
          + " device(s): set CUDA_DEVICE_ORDER=PCI_BUS_ID and leave CUDA_VISIBLE_DEVICES unset for the executors,"
          + " or make the discovery script list only the visible GPUs");
    }
    Nd4j.getAffinityManager().unsafeSetDevice(index);
    return new Selection(address, index, true);
  }

  /** Whether ND4J's backend in this JVM is its CUDA one. */
  public static boolean cudaBackend() {
    String name = Nd4j.getBackend().getClass().getSimpleName().toLowerCase(Locale.ROOT);
    return name.contains("cublas") || name.contains("cuda");
  }
}
