package io.sparkrcnn.jobs.clusterconfigs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;

/** Whether a schema of ours says of each field it names what a published schema says of it. */
final class SchemaAgreement {
  private static final List<String> KEYWORDS = List.of("type", "enum", "format", "minimum", "maximum", "required");

  private SchemaAgreement() {}

  /** Adds to {@code out} each field of {@code ours} that {@code published} lacks or gives other constraints. */
  static void compare(JsonNode ours, JsonNode published, String path, List<String> out) {
    for (String k : KEYWORDS) {
      if (!ours.path(k).equals(published.path(k))) {
        out.add(path + ": " + k + " is " + ours.path(k) + " here, " + published.path(k) + " in the CRD");
      }
    }
    for (Iterator<String> it = ours.path("properties").fieldNames(); it.hasNext(); ) {
      String name = it.next();
      JsonNode theirs = published.path("properties").path(name);
      if (theirs.isMissingNode()) {
        out.add(path + "." + name + ": not in the CRD");
      } else {
        compare(ours.path("properties").get(name), theirs, path + "." + name, out);
      }
    }
    if (ours.has("items")) {
      compare(ours.get("items"), published.path("items"), path + "[]", out);
    }
    if (ours.has("additionalProperties")) {
      compare(ours.get("additionalProperties"), published.path("additionalProperties"), path + ".*", out);
    }
  }
}
