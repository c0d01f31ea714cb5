package io.sparkrcnn.model.config;

import io.sparkrcnn.model.config.PipelineFields.Rule;
import io.sparkrcnn.model.config.PipelineFields.Use;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How the tables of {@link PipelineFields} are written: one rule per field name, by its use. */
final class FieldRules {
  private FieldRules() {}

  static Map.Entry<String, Rule> honoured(String name) {
    return Map.entry(name, new Rule(Use.HONOURED, null, ""));
  }

  static Map.Entry<String, Rule> fixed(String name, Object allowed, String note) {
    return Map.entry(name, new Rule(Use.FIXED, allowed, note));
  }

  static Map.Entry<String, Rule> harmless(String name, String why) {
    return Map.entry(name, new Rule(Use.HARMLESS, null, why));
  }

  static Map.Entry<String, Rule> approximated(String name, String how) {
    return Map.entry(name, new Rule(Use.APPROXIMATED, null, how));
  }

  /** The tables as one map by field name; a name with two rules is a mistake in the tables. */
  @SafeVarargs
  static Map<String, Rule> byName(List<Map.Entry<String, Rule>>... tables) {
    Map<String, Rule> rules = new LinkedHashMap<>();
    for (List<Map.Entry<String, Rule>> table : tables) {
      for (Map.Entry<String, Rule> e : table) {
        if (rules.put(e.getKey(), e.getValue()) != null) {
          throw new IllegalStateException("two rules for " + e.getKey());
        }
      }
    }
    return Map.copyOf(rules);
  }
}
