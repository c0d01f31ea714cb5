package io.sparkrcnn.jobs.clusterconfigs;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The files of cluster-configs/kubernetes, read as the tests read them. */
final class KubernetesManifests {
  static final Path DIR = Path.of("..", "cluster-configs", "kubernetes");

  private KubernetesManifests() {}

  record Manifest(Path file, JsonNode doc) {
    String kind() {
      return doc.path("kind").asText();
    }

    /** The SparkApplication spec: the spec itself, or a ScheduledSparkApplication's template. */
    JsonNode appSpec() {
      JsonNode spec = doc.path("spec");
      return kind().equals("ScheduledSparkApplication") ? spec.path("template") : spec;
    }

    String job() {
      return appSpec().path("arguments").path(0).asText();
    }
  }

  /** Every Spark Operator manifest (every YAML file but rbac.yaml), one entry per document. */
  static List<Manifest> operatorManifests() throws IOException {
    List<Manifest> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(DIR)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        if (!f.getFileName().toString().equals("rbac.yaml")) {
          for (JsonNode d : CrdSchema.documents(f)) {
            out.add(new Manifest(f, d));
          }
        }
      }
    }
    return out;
  }

  static List<JsonNode> rbac() throws IOException {
    return CrdSchema.documents(DIR.resolve("rbac.yaml"));
  }

  static String dockerfile() throws IOException {
    return Files.readString(DIR.resolve("Dockerfile"));
  }

  /** Our schema of the operator's fields (a test resource), by kind. */
  static Map<String, CrdSchema> fieldsSchema() throws IOException {
    try {
      return CrdSchema.load(Path.of(KubernetesManifests.class.getResource("spark-operator-fields.yaml").toURI()));
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The operator's published CRDs, by kind, from the folder {@code -Dsparkrcnn.sparkOperatorCrds} names (holding
   * charts/spark-operator-chart/crds/ of a kubeflow/spark-operator release); null when not given.
   */
  static Map<String, CrdSchema> publishedCrds() throws IOException {
    String dir = System.getProperty("sparkrcnn.sparkOperatorCrds", "");
    if (dir.isEmpty()) {
      return null;
    }
    Map<String, CrdSchema> out = new java.util.HashMap<>();
    for (String f : List.of("sparkoperator.k8s.io_sparkapplications.yaml",
        "sparkoperator.k8s.io_scheduledsparkapplications.yaml")) {
      out.putAll(CrdSchema.load(Path.of(dir, f)));
    }
    return out;
  }
}
