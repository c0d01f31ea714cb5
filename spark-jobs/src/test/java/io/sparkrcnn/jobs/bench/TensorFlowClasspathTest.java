package io.sparkrcnn.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.jobs.UserError;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TensorFlow for Java's jars found in a (fake) local Maven repository, or given as a path list. */
class TensorFlowClasspathTest {
  @TempDir
  Path repo;

  @Test
  void theCoordinatesAreTheBuildsVersionsOnThisPlatform() throws Exception {
    List<String> c = TensorFlowClasspath.coordinates("linux-x86_64");
    assertEquals(List.of("org.tensorflow:tensorflow-core-api:1.1.0", "org.tensorflow:tensorflow-core-native:1.1.0",
        "org.tensorflow:tensorflow-core-native:1.1.0:linux-x86_64", "org.tensorflow:ndarray:1.0.0",
        "org.bytedeco:javacpp:1.5.11", "org.bytedeco:javacpp:1.5.11:linux-x86_64",
        "com.google.protobuf:protobuf-java:3.25.5"), c);
  }

  @Test
  void findsEveryJarInTheRepositoryLayout() throws Exception {
    List<String> c = List.of("org.tensorflow:tensorflow-core-native:1.1.0:linux-x86_64", "org.bytedeco:javacpp:1.5.11");
    Path nativeJar = repo.resolve("org/tensorflow/tensorflow-core-native/1.1.0/"
        + "tensorflow-core-native-1.1.0-linux-x86_64.jar");
    Path javacpp = repo.resolve("org/bytedeco/javacpp/1.5.11/javacpp-1.5.11.jar");
    Files.createDirectories(nativeJar.getParent());
    Files.write(nativeJar, new byte[] {1});
    TensorFlowClasspath.Lookup partial = TensorFlowClasspath.find(repo, c);
    assertFalse(partial.found());
    assertEquals(List.of(nativeJar), partial.jars());
    assertEquals(List.of("org.bytedeco:javacpp:1.5.11"), partial.missing());
    assertEquals("TensorFlow for Java's jars are not in " + repo + " (org.bytedeco:javacpp:1.5.11): get them with"
        + " `mvn dependency:get -Dartifact=org.bytedeco:javacpp:1.5.11 -Dtransitive=false` or pass"
        + " --tensorflow_classpath JAR:JAR:...", partial.howToGet(repo));
    Files.createDirectories(javacpp.getParent());
    Files.write(javacpp, new byte[] {1});
    TensorFlowClasspath.Lookup all = TensorFlowClasspath.find(repo, c);
    assertTrue(all.found());
    assertEquals(List.of(nativeJar, javacpp), all.jars());
  }

  @Test
  void aClassifierGoesIntoTheFileNameAndTheDependencyGetArtifact() {
    assertEquals("org/bytedeco/javacpp/1.5.11/javacpp-1.5.11-linux-x86_64.jar",
        TensorFlowClasspath.path("org.bytedeco:javacpp:1.5.11:linux-x86_64"));
    assertEquals("`mvn dependency:get -Dartifact=org.bytedeco:javacpp:1.5.11:jar:linux-x86_64 -Dtransitive=false`",
        TensorFlowClasspath.dependencyGet("org.bytedeco:javacpp:1.5.11:linux-x86_64"));
  }

  @Test
  void aGivenClasspathMustNameFilesThatExist() throws Exception {
    Path jar = Files.write(repo.resolve("a.jar"), new byte[] {1});
    assertEquals(List.of(jar), TensorFlowClasspath.given(jar + File.pathSeparator));
    UserError e = assertThrows(UserError.class, () -> TensorFlowClasspath.given(repo.resolve("no.jar").toString()));
    assertTrue(e.getMessage().startsWith("--tensorflow_classpath: " + repo.resolve("no.jar") + " does not exist"));
  }
}
