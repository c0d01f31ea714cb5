package io.sparkrcnn.jobs.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.OptionalInt;
import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;

/** A task's GPU address → the ND4J device it selects; nothing without a GPU or outside a task. */
class TaskDevicesTest {
  private static Map<String, ResourceInformation> gpus(String... addresses) {
    return Map.of("gpu", new ResourceInformation("gpu", addresses));
  }

  @Test
  void theTasksFirstGpuAddressIsItsDeviceIndex() {
    assertEquals(OptionalInt.of(5), TaskDevices.deviceIndex(gpus("5")));
    assertEquals(OptionalInt.of(0), TaskDevices.deviceIndex(gpus(" 0 ", "1")));
    assertEquals(OptionalInt.empty(), TaskDevices.deviceIndex(Map.of()));
    assertEquals(OptionalInt.empty(), TaskDevices.deviceIndex(gpus()));
    assertEquals(OptionalInt.empty(), TaskDevices.deviceIndex(Map.of("fpga", new ResourceInformation("fpga",
        new String[] {"2"}))));
  }

  @Test
  void anAddressThatIsNoIndexNamesTheDiscoveryScript() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> TaskDevices.deviceIndex(gpus("GPU-5d3f")));
    assertTrue(e.getMessage().contains("'GPU-5d3f', not a device index"), e.getMessage());
    assertTrue(e.getMessage().contains("discover-gpus.sh"), e.getMessage());
  }

  @Test
  void onTheCpuBackendTheDeviceIsRecordedButNotSelected() {
    assertEquals(new TaskDevices.Selection("3", 3, false), TaskDevices.select(gpus("3"), false));
    assertSame(TaskDevices.NONE, TaskDevices.select(Map.of(), false));
  }

  @Test
  void outsideATaskNothingIsSelected() {
    assertSame(TaskDevices.NONE, TaskDevices.selectForTask());
    assertSame(TaskDevices.NONE, TaskDevices.lastOnThisThread());
  }
}
