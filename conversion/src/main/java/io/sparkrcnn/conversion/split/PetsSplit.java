package io.sparkrcnn.conversion.split;

import java.util.ArrayList;
import java.util.List;

/**
 * The reference script's train/val split of {@code trainval.txt}: {@code random.seed(42)}, shuffle,
 * the first {@code int(0.7 * N)} ids train and the rest val.
 */
public record PetsSplit(List<String> train, List<String> val) {
  public static final long SEED = 42;
  public static final double TRAIN_FRACTION = 0.7;

  public PetsSplit {
    train = List.copyOf(train);
    val = List.copyOf(val);
  }

  /** Splits the ids in file order (the first token of each line of {@code trainval.txt}). */
  public static PetsSplit of(List<String> exampleIds) {
    List<String> shuffled = new ArrayList<>(exampleIds);
    new PythonRandom(SEED).shuffle(shuffled);
    int numTrain = (int) (TRAIN_FRACTION * shuffled.size());
    return new PetsSplit(shuffled.subList(0, numTrain), shuffled.subList(numTrain, shuffled.size()));
  }
}
