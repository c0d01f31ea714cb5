package io.sparkrcnn.io.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProcessIdentityTest {
  @Test
  void tellsARunningProcessFromAnEndedOneOnThisHostOnly() throws Exception {
    ProcessIdentity self = ProcessIdentity.current();
    assertEquals(ProcessHandle.current().pid(), self.pid());
    assertEquals(Optional.of(true), self.alive());
    assertEquals(Optional.of(true), new ProcessIdentity(self.host(), self.pid(), 0).alive(), "start time unknown");
    assertEquals(Optional.of(false), new ProcessIdentity(self.host(), self.pid(), self.startMillis() + 1).alive(),
        "a later process with the same id is not the one recorded");
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor();
    assertEquals(Optional.of(false), new ProcessIdentity(self.host(), ended.pid(), 0).alive());
    assertEquals(Optional.empty(), new ProcessIdentity("elsewhere.example", ended.pid(), 0).alive(),
        "another host's process cannot be checked");
    assertTrue(self.startMillis() > 0);
  }
}
