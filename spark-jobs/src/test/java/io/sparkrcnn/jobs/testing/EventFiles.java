package io.sparkrcnn.jobs.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkrcnn.io.testing.TensorFlowReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.tensorflow.proto.Event;

/** TensorBoard event files as TensorFlow's own TFRecord reader and protos read them. */
public final class EventFiles {
  private EventFiles() {}

  /** Whether {@code name} is an event file's name ({@code events.out.tfevents.*}). */
  public static boolean isEventFile(String name) {
    return name.startsWith("events.out.tfevents.");
  }

  /** The events of a local event file after its {@code brain.Event:2} header, which the test checks. */
  public static List<Event> read(Path file) throws IOException {
    List<byte[]> records = TensorFlowReader.records(file);
    assertEquals("brain.Event:2", Event.parseFrom(records.get(0)).getFileVersion());
    List<Event> events = new ArrayList<>();
    for (byte[] r : records.subList(1, records.size())) {
      events.add(Event.parseFrom(r));
    }
    return events;
  }

  /** An event's scalar summaries by tag. */
  public static Map<String, Float> scalars(Event event) {
    return event.getSummary().getValueList().stream()
        .collect(Collectors.toMap(v -> v.getTag(), v -> v.getSimpleValue()));
  }
}
