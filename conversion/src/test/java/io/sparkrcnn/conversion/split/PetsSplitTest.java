package io.sparkrcnn.conversion.split;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PetsSplitTest {
  @ParameterizedTest
  @CsvSource({"0,0", "1,0", "2,1", "3,2", "10,7", "37,25", "3680,2576", "7349,5144"})
  void trainIsTheFirstInt07TimesNOfTheShuffledList(int n, int expectedTrain) {
    PetsSplit s = PetsSplit.of(ids(n));
    assertEquals(expectedTrain, s.train().size());
    assertEquals(n - expectedTrain, s.val().size());
  }

  @Test
  void splitOf3680IdsEqualsTheReferenceScriptsSplit() throws IOException {
    List<String> ids = ids(3680);
    List<String> expected = new ArrayList<>();
    try (InputStream in = getClass().getResourceAsStream("/python-random/shuffle-3680.txt")) {
      for (String i : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split(" ")) {
        expected.add(ids.get(Integer.parseInt(i)));
      }
    }
    PetsSplit s = PetsSplit.of(ids);
    assertEquals(expected.subList(0, 2576), s.train());
    assertEquals(expected.subList(2576, 3680), s.val());
  }

  @Test
  void everyIdLandsInExactlyOneSplit() {
    PetsSplit s = PetsSplit.of(ids(500));
    var all = new HashSet<>(s.train());
    all.addAll(s.val());
    assertEquals(500, all.size());
    assertTrue(s.train().stream().noneMatch(s.val()::contains));
  }

  private static List<String> ids(int n) {
    return IntStream.range(0, n).mapToObj(i -> "Breed_" + i).toList();
  }
}
