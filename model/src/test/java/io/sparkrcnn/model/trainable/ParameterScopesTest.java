package io.sparkrcnn.model.trainable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterScopesTest {
  @Test
  void aNameIsInScopeWhenARegexMatchesAtItsStartAsPythonsReMatch() {
    ParameterScopes s = ParameterScopes.of("test", "resnet_v1_50/block1", "rpn/.*_b$");
    assertTrue(s.contains("resnet_v1_50/block1/unit_1/conv1_W"), "a prefix scope");
    assertTrue(s.contains("rpn/conv_b"));
    assertFalse(s.contains("rpn/conv_W"), "anchored at the end by the regex");
    assertFalse(s.contains("resnet_v1_50/block2/unit_1/conv1_W"));
    assertFalse(ParameterScopes.of("test", "block1").contains("resnet_v1_50/block1/unit_1/conv1_W"),
        "matched from the start, not searched for inside");
    assertTrue(ParameterScopes.of("test", ".*block1").contains("resnet_v1_50/block1/unit_1/conv1_W"));
    assertFalse(ParameterScopes.NONE.contains("rpn/conv_W"));
    assertEquals("'rpn/.*_b$' (test)", s.matching("rpn/conv_b"));
    assertNull(s.matching("box_classifier_classW"));
  }

  @Test
  void aCommaSeparatedFlagValueIsTrimmedAndEmptyEntriesDropped() {
    ParameterScopes s = ParameterScopes.parse("--checkpoint_exclude_scopes", " rpn/ ,,box_classifier_class ");
    assertEquals(List.of("rpn/", "box_classifier_class"), s.patterns());
    assertTrue(s.contains("box_classifier_classW"));
    assertTrue(ParameterScopes.parse("--x", null).isEmpty());
    assertTrue(ParameterScopes.parse("--x", "  ").isEmpty());
  }

  @Test
  void scopesCombine() {
    ParameterScopes s = ParameterScopes.of("a", "rpn/").and(ParameterScopes.of("b", "box_"));
    assertTrue(s.contains("rpn/conv_W") && s.contains("box_classifier_classW"));
    assertEquals(List.of("rpn/", "box_"), s.patterns());
    assertEquals(List.of("rpn/"), ParameterScopes.of("a", "rpn/").and(null).patterns());
  }

  @Test
  void anInvalidRegexIsRefusedNamingItAndWhereItCameFrom() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ParameterScopes.parse("--trainable_scopes", "rpn/,box_(classifier"));
    assertTrue(e.getMessage().startsWith("--trainable_scopes: 'box_(classifier' is not a valid regular expression"),
        e.getMessage());
  }

  @Test
  void aRegexThatMatchesNoNameIsRefusedWithExampleNames() {
    List<String> names = List.of("tiny/conv1_down_W", "tiny/conv1_W", "rpn/conv_W", "rpn/conv_b",
        "box_classifier_classW");
    ParameterScopes.of("ok", "tiny/", "rpn/conv_b").requireEachMatches(names);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ParameterScopes.of("train_config.freeze_variables", "tiny/", "FirstStageFeatureExtractor/")
            .requireEachMatches(names));
    assertEquals("'FirstStageFeatureExtractor/' (train_config.freeze_variables) matches no parameter of this model;"
        + " names look like tiny/conv1_down_W, rpn/conv_W, box_classifier_classW and are matched from their start",
        e.getMessage());
  }
}
