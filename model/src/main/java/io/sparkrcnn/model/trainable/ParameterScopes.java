package io.sparkrcnn.model.trainable;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A set of parameter scopes: regexes matched against DL4J parameter names ({@code ComputationGraph.paramTable()}
 * keys, {@code <layer name>_<parameter key>}, e.g. {@code resnet_v1_50/block1/unit_1/conv1_W},
 * {@code resnet_v1_50/conv1/bn_gamma}, {@code rpn/conv_W}, {@code box_classifier_classW}). A name is in scope when
 * one regex matches at its start ({@link java.util.regex.Matcher#lookingAt}): Python's {@code re.match}, which the
 * Object Detection API's {@code freeze_variables} and {@code update_trainable_variables} use, and slim's prefix
 * scopes ({@code --checkpoint_exclude_scopes}, {@code --trainable_scopes}) alike. Each regex remembers where it came
 * from (a config field, a flag) for error messages.
 */
public final class ParameterScopes {
  /** No scope: contains nothing. */
  public static final ParameterScopes NONE = new ParameterScopes(List.of());

  /** One regex and where it was given. */
  private record Scope(Pattern pattern, String origin) {
    String describe() {
      return "'" + pattern.pattern() + "' (" + origin + ")";
    }
  }

  private final List<Scope> scopes;

  private ParameterScopes(List<Scope> scopes) {
    this.scopes = List.copyOf(scopes);
  }

  /**
   * Scopes from regexes given by {@code origin} (a config field or flag, named in errors).
   *
   * @throws IllegalArgumentException naming the first regex that does not compile
   */
  public static ParameterScopes of(String origin, List<String> regexes) {
    List<Scope> scopes = new ArrayList<>();
    for (String r : regexes) {
      try {
        scopes.add(new Scope(Pattern.compile(r), origin));
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(origin + ": '" + r + "' is not a valid regular expression ("
            + e.getDescription() + ")");
      }
    }
    return new ParameterScopes(scopes);
  }

  /** Scopes from regexes given by {@code origin}. */
  public static ParameterScopes of(String origin, String... regexes) {
    return of(origin, List.of(regexes));
  }

  /**
   * Scopes from a comma-separated flag value such as slim's {@code --checkpoint_exclude_scopes}: entries are trimmed,
   * empty ones dropped; null or blank gives {@link #NONE}. (A regex that itself needs a comma cannot be given this
   * way; give it in the config.)
   */
  public static ParameterScopes parse(String origin, String commaSeparated) {
    if (commaSeparated == null || commaSeparated.isBlank()) {
      return NONE;
    }
    List<String> regexes = new ArrayList<>();
    for (String s : commaSeparated.split(",")) {
      if (!s.trim().isEmpty()) {
        regexes.add(s.trim());
      }
    }
    return of(origin, regexes);
  }

  /** The union of this and {@code other}. */
  public ParameterScopes and(ParameterScopes other) {
    if (other == null || other.isEmpty()) {
      return this;
    }
    List<Scope> all = new ArrayList<>(scopes);
    all.addAll(other.scopes);
    return new ParameterScopes(all);
  }

  public boolean isEmpty() {
    return scopes.isEmpty();
  }

  /** Whether a parameter name is in one of the scopes. */
  public boolean contains(String parameterName) {
    return matching(parameterName) != null;
  }

  /** The first scope a name is in, described as {@code 'regex' (origin)}, or null. */
  public String matching(String parameterName) {
    for (Scope s : scopes) {
      if (s.pattern().matcher(parameterName).lookingAt()) {
        return s.describe();
      }
    }
    return null;
  }

  /**
   * Checks that every regex matches one of {@code names} (a regex that matches nothing is almost always a name
   * written for another framework, e.g. TensorFlow's {@code FirstStageFeatureExtractor/…}).
   *
   * @throws IllegalArgumentException naming the first regex that matches no name, with example names
   */
  public void requireEachMatches(Collection<String> names) {
    for (Scope s : scopes) {
      if (names.stream().noneMatch(n -> s.pattern().matcher(n).lookingAt())) {
        throw new IllegalArgumentException(s.describe() + " matches no parameter of this model; names look like "
            + examples(names) + " and are matched from their start");
      }
    }
  }

  private static String examples(Collection<String> names) {
    List<String> picked = new ArrayList<>();
    String previousPrefix = null;
    for (String n : names) {
      String prefix = n.contains("/") ? n.substring(0, n.indexOf('/')) : n.substring(0, Math.max(1, n.indexOf('_')));
      if (!prefix.equals(previousPrefix)) {
        picked.add(n);
        previousPrefix = prefix;
      }
      if (picked.size() == 3) {
        break;
      }
    }
    return String.join(", ", picked);
  }

  /** The regexes, in order. */
  public List<String> patterns() {
    return scopes.stream().map(s -> s.pattern().pattern()).toList();
  }

  @Override
  public String toString() {
    return scopes.stream().map(Scope::describe).toList().toString();
  }
}
