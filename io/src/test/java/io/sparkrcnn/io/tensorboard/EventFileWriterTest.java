package io.sparkrcnn.io.tensorboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.sparkrcnn.io.testing.LocalFs;
import io.sparkrcnn.io.testing.TensorFlowReader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

/** Event files as TensorFlow's reader returns them, and the message classes they are written with. */
class EventFileWriterTest {
  @TempDir Path tmp;

  @Test
  void tensorFlowReadsTheHeaderAndOneEventPerStep() throws Exception {
    Map<String, Double> scalars = new LinkedHashMap<>();
    scalars.put("Losses/TotalLoss", 1.25);
    scalars.put("learning_rate", 3e-4);
    Path file;
    try (EventFileWriter w = EventFileWriter.create(LocalFs.get(), LocalFs.path(tmp))) {
      w.scalars(7, scalars);
      w.scalars(9, Map.of("learning_rate", 1e-4));
      file = Path.of(w.path().toUri());
    }
    List<byte[]> records = TensorFlowReader.records(file);
    assertEquals(3, records.size());
    assertEquals("brain.Event:2", Event.parseFrom(records.get(0)).getFileVersion());
    Event first = Event.parseFrom(records.get(1));
    assertEquals(7, first.getStep());
    assertEquals("Losses/TotalLoss", first.getSummary().getValue(0).getTag());
    assertEquals(1.25f, first.getSummary().getValue(0).getSimpleValue());
    assertEquals(3e-4f, first.getSummary().getValue(1).getSimpleValue());
    assertEquals(9, Event.parseFrom(records.get(2)).getStep());
  }

  /** The bytes are those of TensorFlow 1.15's generated classes (org.tensorflow:proto), which we used before. */
  @Test
  void bytesAreThoseOfTheOldMessageClasses() throws Exception {
    Event now = Event.newBuilder().setWallTime(1.7e9).setStep(12).setSummary(Summary.newBuilder()
        .addValue(Summary.Value.newBuilder().setTag("loss").setSimpleValue(0.5f))).build();
    org.tensorflow.util.Event before = org.tensorflow.util.Event.newBuilder().setWallTime(1.7e9).setStep(12)
        .setSummary(org.tensorflow.framework.Summary.newBuilder().addValue(
            org.tensorflow.framework.Summary.Value.newBuilder().setTag("loss").setSimpleValue(0.5f)))
        .build();
    assertArrayEquals(before.toByteArray(), now.toByteArray());
  }

  /** Built on the pinned protobuf-java, not on a shaded copy (ND4J's org.tensorflow.framework.* are). */
  @Test
  void messagesExtendThePinnedProtobufRuntime() {
    assertSame(com.google.protobuf.GeneratedMessageV3.class, Event.class.getSuperclass());
    assertSame(com.google.protobuf.GeneratedMessageV3.class, Summary.class.getSuperclass());
  }
}
