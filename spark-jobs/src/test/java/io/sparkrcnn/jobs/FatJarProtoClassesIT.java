package io.sparkrcnn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.io.testing.TensorFlowClassReferences;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The fat jar holds one copy of each class of a name: for the TensorFlow classes our code links against, it is the
 * copy built on our relocated protobuf, taken from the only jar of the application's classpath that ships it (never
 * nd4j-api's {@code org.tensorflow.framework.*}, built on ND4J's shaded protobuf).
 */
class FatJarProtoClassesIT {
  private static byte[] entry(JarFile jar, String name) throws IOException {
    var e = jar.getJarEntry(name);
    if (e == null) {
      return null;
    }
    try (InputStream in = jar.getInputStream(e)) {
      return in.readAllBytes();
    }
  }

  @Test
  void theTensorFlowClassesWeUseAreOursAlone() throws IOException {
    SortedSet<String> referenced = new TreeSet<>();
    try (JarFile jar = new JarFile(System.getProperty("sparkrcnn.appJar"))) {
      for (var e : Collections.list(jar.entries())) {
        String n = e.getName();
        if (n.startsWith("io/sparkrcnn/") && !n.startsWith("io/sparkrcnn/shaded/") && n.endsWith(".class")) {
          referenced.addAll(TensorFlowClassReferences.in(entry(jar, n)));
        }
      }
      assertTrue(referenced.contains("org/tensorflow/proto/Event"), "the event files' messages");
      assertTrue(referenced.contains("org/tensorflow/proto/GraphDef"), "the export's messages");
      TreeMap<String, String> wrong = new TreeMap<>();
      for (String name : referenced) {
        byte[] bytes = entry(jar, name + ".class");
        if (bytes == null) {
          continue; // a package or a resource path, not a class
        }
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (text.contains("org/nd4j/shade/protobuf") || text.contains("com/google/protobuf")) {
          wrong.put(name, "not on the relocated protobuf");
        }
        List<String> sources = jarsHolding(name + ".class");
        if (sources.size() != 1) {
          wrong.put(name, "in " + sources);
        }
      }
      assertEquals(new TreeMap<>(), wrong);
    }
  }

  /** The jars of the application's classpath (spark-jobs' compile scope) that hold {@code entry}. */
  private static List<String> jarsHolding(String entry) throws IOException {
    List<String> out = new ArrayList<>();
    for (String jar : Files.readString(Path.of(System.getProperty("sparkrcnn.localClasspath"))).trim().split(":")) {
      if (jar.endsWith(".jar")) {
        try (JarFile j = new JarFile(jar)) {
          if (j.getJarEntry(entry) != null) {
            out.add(Path.of(jar).getFileName().toString());
          }
        }
      } else if (Files.exists(Path.of(jar, entry))) {
        out.add(jar);
      }
    }
    return out;
  }
}
