package io.sparkrcnn.jobs.bench;

import org.nd4j.linalg.api.memory.AllocationsTracker;
import org.nd4j.linalg.api.memory.enums.AllocationKind;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Peaks, while it runs, of the Java heap in use and of ND4J's off-heap memory ({@code MemoryManager.allocatedMemory}:
 * JavaCPP-allocated arrays plus workspaces) and of its workspaces alone, sampled every millisecond or two on a
 * thread of its own. Sampling can miss a peak shorter than that; the process's peak resident size
 * ({@link ProcessMemory}) does not.
 */
final class MemorySampler {
  private final Thread thread;
  private volatile boolean running = true;
  private long heapUsed;
  private long heapCommitted;
  private long offHeap;
  private long workspaces;

  MemorySampler() {
    sample();
    thread = new Thread(() -> {
      while (running) {
        sample();
        try {
          Thread.sleep(1);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "memory-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  private synchronized void sample() {
    Runtime r = Runtime.getRuntime();
    heapUsed = Math.max(heapUsed, r.totalMemory() - r.freeMemory());
    heapCommitted = Math.max(heapCommitted, r.totalMemory());
    offHeap = Math.max(offHeap, Nd4j.getMemoryManager().allocatedMemory(0));
    workspaces = Math.max(workspaces, AllocationsTracker.getInstance().bytesOnDevice(AllocationKind.WORKSPACE, 0));
  }

  /** Stops sampling (after one last sample) and returns the peaks. */
  Peaks stop() throws InterruptedException {
    running = false;
    thread.join();
    sample();
    synchronized (this) {
      return new Peaks(heapUsed, heapCommitted, offHeap, workspaces);
    }
  }

  /** The peaks, in bytes. */
  record Peaks(long heapUsed, long heapCommitted, long offHeap, long workspaces) {}
}
