package io.sparkrcnn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.conversion.pets.ExampleOutcome;
import io.sparkrcnn.io.tensorboard.EventFileWriter;
import io.sparkrcnn.io.testing.TensorFlowClassReferences;
import io.sparkrcnn.model.export.GraphDefBuilder;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every TensorFlow class the four modules link against has one copy on the classpath that also holds nd4j-api and
 * {@code org.tensorflow:proto} (tensorflow-hadoop's), so no classpath order can swap in ND4J's shaded-protobuf copy.
 */
class TensorFlowProtoClassesTest {
  private static SortedSet<String> referenced() {
    SortedSet<String> names = new TreeSet<>();
    for (Class<?> module : List.of(EventFileWriter.class, ExampleOutcome.class, GraphDefBuilder.class,
        SparkRcnn.class)) {
      names.addAll(TensorFlowClassReferences.referencedByModuleOf(module));
    }
    return names;
  }

  @Test
  void eachTensorFlowClassWeUseHasOneCopy() {
    Map<String, List<URL>> copies = TensorFlowClassReferences.copies(referenced(), getClass().getClassLoader());
    Map<String, List<URL>> ambiguous = copies.entrySet().stream().filter(e -> e.getValue().size() > 1)
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    assertEquals(Map.of(), ambiguous, "classes whose copy depends on classpath order");
    assertTrue(copies.containsKey("org/tensorflow/proto/Event"), "the scan finds the event files' messages");
    assertTrue(copies.containsKey("org/tensorflow/proto/GraphDef"), "the scan finds the export's messages");
  }

  @Test
  void nd4jShipsTheOldNamesSoWeUseNoneOfThem() {
    Map<String, List<URL>> copies = TensorFlowClassReferences.copies(List.of("org/tensorflow/framework/Summary"),
        getClass().getClassLoader());
    assertEquals(2, copies.get("org/tensorflow/framework/Summary").size(), "nd4j-api and org.tensorflow:proto");
    assertTrue(referenced().stream().noneMatch(n -> n.startsWith("org/tensorflow/framework/")));
  }

  @Test
  void theMessagesRunOnThePinnedProtobuf() {
    assertSame(com.google.protobuf.GeneratedMessageV3.class, org.tensorflow.proto.Event.class.getSuperclass());
    assertSame(com.google.protobuf.GeneratedMessageV3.class, org.tensorflow.proto.GraphDef.class.getSuperclass());
  }
}
