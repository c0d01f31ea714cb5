package io.sparkrcnn.jobs.clusterconfigs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI schema of one kind of custom resource, as a CustomResourceDefinition gives it
 * ({@code spec.versions[].schema.openAPIV3Schema}), checking a manifest as the API server does: the schema's types,
 * enums, bounds and required fields (a JSON-schema validator), and no field the schema does not name, which the
 * server would drop (pruning) or refuse (strict field validation) — the CRDs do not say
 * {@code additionalProperties: false}, so {@link #unknownFields} walks the schema's {@code properties} for that.
 */
final class CrdSchema {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  /** Kubernetes' own keywords in a structural schema: they validate nothing here. */
  private static final List<String> KUBERNETES_KEYWORDS = List.of("x-kubernetes-preserve-unknown-fields",
      "x-kubernetes-int-or-string", "x-kubernetes-list-type", "x-kubernetes-list-map-keys",
      "x-kubernetes-map-type", "x-kubernetes-validations", "x-kubernetes-embedded-resource", "nullable");

  final String kind;
  final JsonNode openApi;
  private final JsonSchema validator;

  private CrdSchema(String kind, JsonNode openApi) {
    this.kind = kind;
    this.openApi = openApi;
    JsonMetaSchema.Builder meta = JsonMetaSchema.builder(JsonMetaSchema.getV4().getUri(), JsonMetaSchema.getV4());
    KUBERNETES_KEYWORDS.forEach(k -> meta.addKeyword(new NonValidationKeyword(k)));
    JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4,
        b -> b.addMetaSchema(meta.build()));
    SchemaValidatorsConfig config = new SchemaValidatorsConfig();
    config.setFormatAssertionsEnabled(false); // int32, int64, int-or-string: Kubernetes' formats, not JSON Schema's
    this.validator = factory.getSchema(openApi, config);
  }

  /** The v1beta2 schema of each CustomResourceDefinition in {@code file} (one YAML document each), by kind. */
  static Map<String, CrdSchema> load(Path file) throws IOException {
    Map<String, CrdSchema> out = new java.util.LinkedHashMap<>();
    for (JsonNode crd : documents(file)) {
      for (JsonNode v : crd.path("spec").path("versions")) {
        if (v.path("name").asText().equals("v1beta2")) {
          String kind = crd.path("spec").path("names").path("kind").asText();
          out.put(kind, new CrdSchema(kind, v.path("schema").path("openAPIV3Schema")));
        }
      }
    }
    return out;
  }

  /** Every YAML document of {@code file}, as JSON trees (empty documents left out). */
  static List<JsonNode> documents(Path file) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (YAMLParser p = ((YAMLFactory) YAML.getFactory()).createParser(file.toFile())) {
      Iterator<JsonNode> it = YAML.readValues(p, JsonNode.class);
      while (it.hasNext()) {
        JsonNode d = it.next();
        if (d != null && !d.isNull() && !d.isMissingNode()) {
          docs.add(d);
        }
      }
    }
    return docs;
  }

  /** Every problem the API server would find in {@code manifest}, one line each. */
  List<String> problems(JsonNode manifest) {
    List<String> out = new ArrayList<>();
    for (ValidationMessage m : validator.validate(manifest)) {
      out.add(m.getMessage());
    }
    unknownFields(openApi, manifest, "$", true, out);
    return out;
  }

  /** Fields of {@code node} that {@code schema} does not name, as JSON paths. */
  static void unknownFields(JsonNode schema, JsonNode node, String path, boolean root, List<String> out) {
    if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      return;
    }
    if (node.isArray() && schema.has("items")) {
      for (int i = 0; i < node.size(); i++) {
        unknownFields(schema.get("items"), node.get(i), path + "[" + i + "]", false, out);
      }
    }
    if (!node.isObject()) {
      return;
    }
    JsonNode properties = schema.path("properties");
    JsonNode additional = schema.path("additionalProperties");
    for (Iterator<Map.Entry<String, JsonNode>> it = ((ObjectNode) node).fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String at = path + "." + field.getKey();
      if (properties.has(field.getKey())) {
        if (!(root && field.getKey().equals("metadata"))) { // ObjectMeta: the API server's own schema
          unknownFields(properties.get(field.getKey()), field.getValue(), at, false, out);
        }
      } else if (additional.isObject()) {
        unknownFields(additional, field.getValue(), at, false, out);
      } else {
        out.add(at + ": unknown field (the schema has no such property)");
      }
    }
  }
}
