package io.sparkrcnn.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.Test;

class ProcessMemoryTest {
  private static final long MIB = 1L << 20;

  @Test
  void thePeakFollowsTouchedMemoryAndResetsToTheCurrentSize() throws Exception {
    assumeTrue(ProcessMemory.available(), "Linux /proc/self only");
    ProcessMemory.resetPeak();
    long before = ProcessMemory.residentBytes();
    try (BytePointer block = new BytePointer(256 * MIB)) {
      block.fill(1); // touches every page
      assertTrue(ProcessMemory.residentBytes() >= before + 200 * MIB);
    }
    long peak = ProcessMemory.peakResidentBytes();
    assertTrue(peak >= before + 200 * MIB, "peak " + peak / MIB + " MiB, before " + before / MIB + " MiB");
    ProcessMemory.resetPeak();
    long now = ProcessMemory.residentBytes();
    assertTrue(ProcessMemory.peakResidentBytes() < peak - 150 * MIB, "the freed block left the peak");
    assertTrue(ProcessMemory.peakResidentBytes() >= now - 16 * MIB);
  }
}
