package io.sparkrcnn.io.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code org.tensorflow.*} classes our code links against, found in its class files' constant pools, and the
 * copies of each that a class loader can see. nd4j-api and {@code org.tensorflow:proto} both ship classes named
 * {@code org.tensorflow.framework.*}, built on different protobuf runtimes; a name with two copies loads by
 * classpath order alone.
 */
public final class TensorFlowClassReferences {
  private static final Pattern NAME = Pattern.compile("org/tensorflow/[A-Za-z0-9_/$]*[A-Za-z0-9_$]");

  private TensorFlowClassReferences() {}

  /** The {@code org/tensorflow/...} names in the class files of the directory or jar that holds {@code c}. */
  public static SortedSet<String> referencedByModuleOf(Class<?> c) {
    try {
      Path root = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
      SortedSet<String> names = new TreeSet<>();
      if (Files.isDirectory(root)) {
        try (Stream<Path> files = Files.walk(root)) {
          for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
            names.addAll(in(Files.readAllBytes(f)));
          }
        }
      } else {
        try (JarFile jar = new JarFile(root.toFile())) {
          for (var e : Collections.list(jar.entries())) {
            if (e.getName().endsWith(".class")) {
              try (InputStream in = jar.getInputStream(e)) {
                names.addAll(in(in.readAllBytes()));
              }
            }
          }
        }
      }
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The {@code org/tensorflow/...} names a class file's bytes hold. */
  public static SortedSet<String> in(byte[] classFile) {
    SortedSet<String> names = new TreeSet<>();
    Matcher m = NAME.matcher(new String(classFile, StandardCharsets.ISO_8859_1));
    while (m.find()) {
      names.add(m.group());
    }
    return names;
  }

  /** For each name that {@code loader} finds as a class, where its copies are. */
  public static Map<String, List<URL>> copies(Iterable<String> names, ClassLoader loader) {
    Map<String, List<URL>> out = new TreeMap<>();
    for (String name : names) {
      try {
        List<URL> urls = new ArrayList<>(Collections.list(loader.getResources(name + ".class")));
        if (!urls.isEmpty()) {
          out.put(name, urls);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }
}
