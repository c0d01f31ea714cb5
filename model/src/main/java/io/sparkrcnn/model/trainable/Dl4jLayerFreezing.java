package io.sparkrcnn.model.trainable;

import io.sparkrcnn.model.trainable.FrozenParameters.Param;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Freezing parameters of a DL4J layer, which chooses an updater per weights and per biases only: the whole layer,
 * all its weights or all its biases get {@code Sgd(0)} and lose their regularization; any other subset is refused
 * in one line naming the layer and what to change. Which keys follow the weight or the bias updater is found by
 * trial, so that every DL4J layer type is handled alike.
 */
final class Dl4jLayerFreezing {
  private Dl4jLayerFreezing() {}

  /** Freezes {@code freeze} of a DL4J layer's {@code params}: all, all its weights or all its biases. */
  static void freeze(BaseLayer b, List<Param> params, List<Param> freeze, ParameterScopes trainable,
      ParameterScopes frozen) {
    Set<String> keys = freeze.stream().map(Param::key).collect(Collectors.toSet());
    Set<String> byWeightUpdater = following(b, params, true);
    Set<String> byBiasUpdater = following(b, params, false);
    if (freeze.size() == params.size()) {
      b.setIUpdater(new Sgd(0.0));
      b.setBiasUpdater(new Sgd(0.0));
      b.setRegularization(new ArrayList<>());
      b.setRegularizationBias(new ArrayList<>());
    } else if (keys.equals(byWeightUpdater)) {
      if (b.getBiasUpdater() == null) {
        b.setBiasUpdater(b.getIUpdater());
      }
      b.setIUpdater(new Sgd(0.0));
      b.setRegularization(new ArrayList<>());
    } else if (keys.equals(byBiasUpdater)) {
      b.setBiasUpdater(new Sgd(0.0));
      b.setRegularizationBias(new ArrayList<>());
    } else {
      throw new IllegalArgumentException(partial(b.getLayerName(), params, freeze, trainable, frozen)
          + "; DL4J can freeze a " + b.getClass().getSimpleName() + " only whole"
          + (byBiasUpdater.isEmpty() ? "" : " or by all its weights " + byWeightUpdater + " / all its biases "
              + byBiasUpdater)
          + ": change the patterns to cover all of layer " + b.getLayerName() + " or none of it");
    }
    for (Param p : params) {
      if (FrozenParameters.isFrozen(b.getUpdaterByParam(p.key())) != keys.contains(p.key())) {
        throw new IllegalStateException("freezing " + keys + " of " + b.getLayerName() + " reached " + p.key());
      }
    }
  }

  /** The keys whose updater is the layer's weight updater ({@code weights}) or its bias updater, found by trial. */
  private static Set<String> following(BaseLayer b, List<Param> params, boolean weights) {
    IUpdater before = weights ? b.getIUpdater() : b.getBiasUpdater();
    IUpdater probe = new Sgd(0.5);
    if (weights) {
      b.setIUpdater(probe);
    } else {
      b.setBiasUpdater(probe);
    }
    try {
      return params.stream().filter(p -> b.getUpdaterByParam(p.key()) == probe).map(Param::key)
          .collect(Collectors.toSet());
    } finally {
      if (weights) {
        b.setIUpdater(before);
      } else {
        b.setBiasUpdater(before);
      }
    }
  }

  /** The start of the one-line error for scopes that would freeze part of a layer. */
  static String partial(String layer, List<Param> params, List<Param> freeze, ParameterScopes trainable,
      ParameterScopes frozen) {
    List<String> kept = params.stream().filter(p -> !freeze.contains(p)).map(Param::key).toList();
    Param first = freeze.get(0);
    String why = frozen.contains(first.name()) ? "frozen by " + frozen.matching(first.name())
        : "outside the trainable scopes " + trainable;
    return "layer " + layer + ": parameters " + freeze.stream().map(Param::key).toList() + " would be frozen ("
        + first.name() + " " + why + ") but " + kept + " trained";
  }
}
