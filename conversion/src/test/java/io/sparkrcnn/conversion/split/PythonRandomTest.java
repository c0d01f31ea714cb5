package io.sparkrcnn.conversion.split;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Against fixtures written by CPython 3.11 (src/test/resources/python-random/generate.py). */
class PythonRandomTest {
  private static List<Long> fixture(String name) throws IOException {
    try (InputStream in = PythonRandomTest.class.getResourceAsStream("/python-random/" + name)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      return text.isEmpty() ? List.of() : Arrays.stream(text.split(" ")).map(Long::parseLong).toList();
    }
  }

  @Test
  void seed42GivesCPythonsFirstThousandWords() throws IOException {
    PythonRandom r = new PythonRandom(42);
    List<Long> words = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      words.add(r.getrandbits(32));
    }
    assertEquals(fixture("getrandbits.txt"), words);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 5, 10, 37, 100, 1000, 3680, 7349})
  void shuffleMatchesPythonRandomShuffleAfterSeed42(int n) throws IOException {
    List<Integer> xs = IntStream.range(0, n).boxed().collect(Collectors.toCollection(ArrayList::new));
    new PythonRandom(42).shuffle(xs);
    assertEquals(fixture("shuffle-" + n + ".txt"), xs.stream().map(Integer::longValue).toList());
  }

  @Test
  void javaUtilRandomWouldGiveAnotherOrder() throws IOException {
    List<Integer> xs = IntStream.range(0, 100).boxed().collect(Collectors.toCollection(ArrayList::new));
    java.util.Collections.shuffle(xs, new java.util.Random(42));
    List<Long> python = fixture("shuffle-100.txt");
    assertEquals(100, python.size());
    org.junit.jupiter.api.Assertions.assertNotEquals(python, xs.stream().map(Integer::longValue).toList());
  }
}
