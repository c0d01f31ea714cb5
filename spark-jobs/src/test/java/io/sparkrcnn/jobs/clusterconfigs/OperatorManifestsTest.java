package io.sparkrcnn.jobs.clusterconfigs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkrcnn.jobs.SparkRcnn;
import io.sparkrcnn.jobs.clusterconfigs.KubernetesManifests.Manifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * cluster-configs/kubernetes' Spark Operator manifests: valid against the operator's schema (types, enums, bounds,
 * required and unknown fields), one SparkApplication per job and a nightly ScheduledSparkApplication that forbids
 * overlapping runs, all running the image's jar as the driver's service account with the pom's Java 17 flags.
 */
class OperatorManifestsTest {
  private static final String JAR = "local:///opt/sparkrcnn/sparkrcnn-app.jar";

  @Test
  void everyManifestIsValidForTheOperatorsSchema() throws Exception {
    Map<String, CrdSchema> schemas = KubernetesManifests.fieldsSchema();
    List<Manifest> manifests = KubernetesManifests.operatorManifests();
    assertEquals(7, manifests.size());
    for (Manifest m : manifests) {
      assertEquals("sparkoperator.k8s.io/v1beta2", m.doc().path("apiVersion").asText(), m.file().toString());
      CrdSchema schema = schemas.get(m.kind());
      assertNotNull(schema, m.file() + ": kind " + m.kind());
      assertEquals(List.of(), schema.problems(m.doc()), m.file().toString());
    }
  }

  @Test
  void aTypoedFieldAWrongTypeAndAWrongEnumAreRefused() throws Exception {
    CrdSchema app = KubernetesManifests.fieldsSchema().get("SparkApplication");
    JsonNode train = trainManifest();

    ObjectNode typo = train.deepCopy();
    ObjectNode executor = (ObjectNode) typo.path("spec").path("executor");
    executor.set("memoryOverHead", executor.remove("memoryOverhead"));
    assertEquals(List.of("$.spec.executor.memoryOverHead: unknown field (the schema has no such property)"),
        app.problems(typo));

    ObjectNode wrongType = train.deepCopy();
    ((ObjectNode) wrongType.path("spec").path("executor")).put("instances", "four");
    ((com.fasterxml.jackson.databind.node.ArrayNode) wrongType.path("spec").path("arguments")).add(20000);
    List<String> p = app.problems(wrongType);
    assertEquals(2, p.size(), String.join("\n", p));
    assertTrue(p.stream().anyMatch(l -> l.contains("instances") && l.contains("integer")), p.toString());
    assertTrue(p.stream().anyMatch(l -> l.contains("arguments[") && l.contains("string")), p.toString());

    ObjectNode badEnum = train.deepCopy();
    ((ObjectNode) badEnum.path("spec")).put("mode", "Cluster").remove("sparkVersion");
    assertEquals(2, app.problems(badEnum).size(), app.problems(badEnum).toString());
  }

  private static JsonNode trainManifest() throws Exception {
    return KubernetesManifests.operatorManifests().stream().filter(m -> m.file().endsWith("train.yaml"))
        .findFirst().orElseThrow().doc();
  }

  @Test
  void eachJobHasAnApplicationRunningTheImagesJar() throws Exception {
    Set<String> jobs = new TreeSet<>();
    String image = SparkDefaultsFiles.active("kubernetes").get("spark.kubernetes.container.image");
    String sparkVersion = dockerSparkVersion();
    for (Manifest m : KubernetesManifests.operatorManifests()) {
      JsonNode spec = m.appSpec();
      jobs.add(m.job());
      assertEquals("io.sparkrcnn.jobs.SparkRcnn", spec.path("mainClass").asText(), m.file().toString());
      assertEquals(JAR, spec.path("mainApplicationFile").asText(), m.file().toString());
      assertEquals(image, spec.path("image").asText(), m.file().toString());
      assertEquals(sparkVersion, spec.path("sparkVersion").asText(), "the image's Spark: " + m.file());
      assertEquals("Never", spec.path("restartPolicy").path("type").asText(), m.file().toString());
      assertEquals("sparkrcnn-" + m.file().getFileName().toString().replace(".yaml", ""),
          m.doc().path("metadata").path("name").asText());
    }
    assertEquals(Set.of("convert", "eval", "export", "nightly", "predict", "train"), jobs);
  }

  @Test
  void eachApplicationsArgumentsAreAValidCommandLineWithAWorkerPerExecutor() throws Exception {
    int parsed = 0;
    for (Manifest m : KubernetesManifests.operatorManifests()) {
      List<String> args = new ArrayList<>();
      m.appSpec().path("arguments").forEach(a -> args.add(a.asText()));
      CommandLine cli = SparkRcnn.commandLine();
      assertTrue(cli.getSubcommands().containsKey(m.job()), m.file() + ": no command " + m.job());
      cli.parseArgs(args.toArray(String[]::new)); // an unknown or missing flag throws
      parsed++;
      int workers = args.indexOf("--num_workers");
      if (workers > 0) {
        assertEquals(m.appSpec().path("executor").path("instances").asText(), args.get(workers + 1), m.file() + "");
      }
    }
    assertEquals(7, parsed, "convert, train, train-gpu, eval, export, predict, nightly");
  }

  @Test
  void driverAndExecutorsGetThePomsJava17FlagsAndKnownSparkSettings() throws Exception {
    List<String> opens = SparkDefaultsFiles.pomOpens();
    for (Manifest m : KubernetesManifests.operatorManifests()) {
      JsonNode spec = m.appSpec();
      assertEquals(opens, SparkDefaultsFiles.opensOf(spec.path("driver").path("javaOptions").asText()));
      assertEquals(opens, SparkDefaultsFiles.opensOf(spec.path("executor").path("javaOptions").asText()));
      Map<String, String> conf = new TreeMap<>();
      spec.path("sparkConf").fields().forEachRemaining(e -> conf.put(e.getKey(), e.getValue().asText()));
      assertEquals(List.of(), SparkKeys.problems(m.file().toString(), conf));
      assertEquals("false", conf.get("spark.dynamicAllocation.enabled"), m.file().toString());
      assertEquals("org.apache.spark.serializer.JavaSerializer", conf.get("spark.serializer"));
    }
  }

  @Test
  void theNightlyRunForbidsOverlappingRunsAndPassesNightlysFlags() throws Exception {
    Manifest nightly = KubernetesManifests.operatorManifests().stream()
        .filter(m -> m.kind().equals("ScheduledSparkApplication")).findFirst().orElseThrow();
    assertEquals("Forbid", nightly.doc().path("spec").path("concurrencyPolicy").asText());
    List<String> args = new ArrayList<>();
    nightly.appSpec().path("arguments").forEach(a -> args.add(a.asText()));
    assertEquals("nightly", args.get(0));
    for (String flag : List.of("--data_dir", "--pipeline_config_path", "--work_dir", "--model_dir",
        "--num_train_steps", "--min_improvement")) {
      int i = args.indexOf(flag);
      assertTrue(i > 0 && i + 1 < args.size() && !args.get(i + 1).startsWith("--"), flag + " in " + args);
    }
  }

  @Test
  void gpuTrainingAsksEachExecutorPodForOneNvidiaGpu() throws Exception {
    JsonNode spec = KubernetesManifests.operatorManifests().stream()
        .filter(m -> m.file().endsWith("train-gpu.yaml")).findFirst().orElseThrow().appSpec();
    assertEquals("nvidia.com/gpu", spec.path("executor").path("gpu").path("name").asText());
    assertEquals(1, spec.path("executor").path("gpu").path("quantity").asInt());
    assertEquals("nvidia.com", spec.path("sparkConf").path("spark.executor.resource.gpu.vendor").asText());
    assertEquals("1", spec.path("sparkConf").path("spark.task.resource.gpu.amount").asText());
    assertTrue(spec.path("arguments").toString().contains("\"--device\",\"gpu\""), spec.path("arguments").toString());
  }

  @Test
  void theDriversServiceAccountRoleAndBindingNameEachOther() throws Exception {
    Map<String, JsonNode> byKind = new TreeMap<>();
    KubernetesManifests.rbac().forEach(d -> byKind.put(d.path("kind").asText(), d));
    assertEquals(Set.of("Namespace", "ServiceAccount", "Role", "RoleBinding"), byKind.keySet());
    String ns = byKind.get("Namespace").path("metadata").path("name").asText();
    String account = byKind.get("ServiceAccount").path("metadata").path("name").asText();
    JsonNode binding = byKind.get("RoleBinding");
    assertEquals("ServiceAccount", binding.path("subjects").path(0).path("kind").asText());
    assertEquals(account, binding.path("subjects").path(0).path("name").asText());
    assertEquals(ns, binding.path("subjects").path(0).path("namespace").asText());
    assertEquals("Role", binding.path("roleRef").path("kind").asText());
    assertEquals(byKind.get("Role").path("metadata").path("name").asText(), binding.path("roleRef").path("name")
        .asText());
    for (String kind : List.of("ServiceAccount", "Role", "RoleBinding")) {
      assertEquals(ns, byKind.get(kind).path("metadata").path("namespace").asText(), kind);
    }
    Map<String, Set<String>> verbs = new TreeMap<>();
    for (JsonNode rule : byKind.get("Role").path("rules")) {
      assertEquals("[\"\"]", rule.path("apiGroups").toString(), "core API group only");
      rule.path("resources").forEach(r -> rule.path("verbs").forEach(
          v -> verbs.computeIfAbsent(r.asText(), k -> new TreeSet<>()).add(v.asText())));
    }
    assertEquals(Set.of("pods", "configmaps", "persistentvolumeclaims", "services"), verbs.keySet());
    Set<String> allowed = Set.of("get", "list", "watch", "create", "patch", "delete", "deletecollection");
    verbs.forEach((r, v) -> assertTrue(allowed.containsAll(v), r + ": " + v + " (no update, escalate or *)"));
    assertEquals(Set.of("create", "delete", "deletecollection", "get", "list", "patch", "watch"), verbs.get("pods"));
    for (Manifest m : KubernetesManifests.operatorManifests()) {
      assertEquals(account, m.appSpec().path("driver").path("serviceAccount").asText(), m.file().toString());
      assertEquals(ns, m.doc().path("metadata").path("namespace").asText(), m.file().toString());
    }
    Map<String, String> k8s = SparkDefaultsFiles.active("kubernetes");
    assertEquals(account, k8s.get("spark.kubernetes.authenticate.driver.serviceAccountName"));
    assertEquals(ns, k8s.get("spark.kubernetes.namespace"));
  }

  @Test
  void theImageIsAnOfficialSpark35Java17ImageWithTheBuildsJarWhereTheManifestsLookForIt() throws Exception {
    String docker = KubernetesManifests.dockerfile();
    assertTrue(docker.contains("COPY ${APP_JAR} " + JAR.substring("local://".length()) + "\n"), docker);
    Matcher jar = Pattern.compile("ARG APP_JAR=(\\S+)").matcher(docker);
    assertTrue(jar.find());
    Matcher pom = Pattern.compile("<artifactId>sparkrcnn-parent</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(java.nio.file.Files.readString(java.nio.file.Path.of("..", "pom.xml")));
    assertTrue(pom.find());
    String version = pom.group(1);
    assertEquals("spark-jobs/target/sparkrcnn-spark-jobs-" + version + "-app.jar", jar.group(1));
    Matcher copy = Pattern.compile("(?m)^COPY (cluster-configs/\\S+) ").matcher(docker);
    int copies = 0;
    while (copy.find()) {
      assertTrue(java.nio.file.Files.exists(java.nio.file.Path.of("..", copy.group(1))), copy.group(1));
      copies++;
    }
    assertEquals(3, copies);
    assertTrue(docker.contains("COPY cluster-configs/gpu/discover-gpus.sh /opt/sparkrcnn/gpu/discover-gpus.sh"));
    assertEquals("/opt/sparkrcnn/gpu/discover-gpus.sh", SparkDefaultsFiles.optional("kubernetes", "#GPU# ")
        .get("spark.executor.resource.gpu.discoveryScript"));
  }

  private static String dockerSparkVersion() throws Exception {
    Matcher from = Pattern.compile("(?m)^FROM apache/spark:(3\\.5\\.\\d+)-scala2\\.12-java17-ubuntu$")
        .matcher(KubernetesManifests.dockerfile());
    assertTrue(from.find(), "FROM an official Spark 3.5 image on Java 17");
    return from.group(1);
  }

  @Test
  void theSchemaComparisonFindsAFieldTheCrdLacksOrConstrainsOtherwise() throws Exception {
    JsonNode ours = KubernetesManifests.fieldsSchema().get("SparkApplication").openApi;
    ObjectNode other = ours.deepCopy();
    ObjectNode executor = (ObjectNode) other.path("properties").path("spec").path("properties").path("executor");
    ((ObjectNode) executor.path("properties").path("instances")).put("minimum", 0);
    ((ObjectNode) executor.path("properties")).remove("deleteOnTermination");
    List<String> differences = new ArrayList<>();
    SchemaAgreement.compare(ours, other, "$", differences);
    assertEquals(List.of("$.spec.executor.instances: minimum is 1 here, 0 in the CRD",
        "$.spec.executor.deleteOnTermination: not in the CRD"), differences);
  }

  @Test
  void theManifestsAreValidForThePublishedCrdsAndOurSchemaAgreesWithThem() throws Exception {
    Map<String, CrdSchema> published = KubernetesManifests.publishedCrds();
    Assumptions.assumeTrue(published != null, "-Dsparkrcnn.sparkOperatorCrds=<folder of the operator's CRDs>");
    for (Manifest m : KubernetesManifests.operatorManifests()) {
      assertEquals(List.of(), published.get(m.kind()).problems(m.doc()), m.file().toString());
    }
    for (CrdSchema ours : KubernetesManifests.fieldsSchema().values()) {
      List<String> differences = new ArrayList<>();
      SchemaAgreement.compare(ours.openApi, published.get(ours.kind).openApi, "$", differences);
      assertEquals(List.of(), differences, ours.kind);
    }
    assertFalse(published.isEmpty());
  }
}
