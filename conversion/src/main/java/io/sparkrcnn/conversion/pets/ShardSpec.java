package io.sparkrcnn.conversion.pets;

import java.io.Serializable;
import java.util.List;

/** One output shard to write: its split, file name and the example ids it gets, in split-list order. */
public record ShardSpec(String split, String fileName, List<String> exampleIds) implements Serializable {
  public ShardSpec {
    exampleIds = List.copyOf(exampleIds);
  }
}
