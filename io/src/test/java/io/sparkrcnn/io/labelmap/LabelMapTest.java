package io.sparkrcnn.io.labelmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LabelMapTest {
  @Test
  void petsMapHas37BreedsInCaseInsensitiveAlphabeticalOrder() {
    LabelMap pets = LabelMap.pets();
    assertEquals(37, pets.size());
    List<String> sorted = new ArrayList<>(pets.names());
    sorted.sort((a, b) -> a.toLowerCase(Locale.ROOT).compareTo(b.toLowerCase(Locale.ROOT)));
    assertEquals(sorted, pets.names());
    assertEquals(Optional.of(1), pets.idOf("Abyssinian"));
    assertEquals(Optional.of(6), pets.idOf("Bengal"));
    assertEquals(Optional.of(37), pets.idOf("yorkshire_terrier"));
    assertEquals(Optional.empty(), pets.idOf("abyssinian"), "names are case-sensitive, as in the reference");
  }

  @Test
  void parsesTheReferenceFileFormatWithSingleQuotes() {
    LabelMap m = LabelMap.parse("item {\n  id: 1\n  name: 'Abyssinian'\n}\n\nitem {\n  id: 2\n"
        + "  name: \"american_bulldog\"\n  display_name: 'American bulldog'\n}\n");
    assertEquals(List.of("Abyssinian", "american_bulldog"), m.names());
    assertEquals(Optional.of(2), m.idOf("american_bulldog"));
  }

  @Test
  void pbtxtRoundTrips() {
    assertEquals(LabelMap.pets(), LabelMap.parse(LabelMap.pets().toPbtxt()));
    assertTrue(LabelMap.pets().toPbtxt().startsWith("item {\n  id: 1\n  name: 'Abyssinian'\n}\n"));
  }

  @Test
  void anUnknownFieldIsRefusedByName() {
    LabelMapException e = assertThrows(LabelMapException.class,
        () -> LabelMap.parse("item {\n  id: 1\n  nmae: 'Abyssinian'\n}\n"));
    assertTrue(e.getMessage().contains("nmae"), e.getMessage());
    assertTrue(e.getMessage().contains("3:"), "names the line: " + e.getMessage());
  }

  @Test
  void idZeroDuplicatesAndEmptyMapsAreRefused() {
    assertThrows(LabelMapException.class, () -> LabelMap.parse("item { id: 0 name: 'a' }"));
    assertThrows(LabelMapException.class, () -> LabelMap.parse("item { id: 1 name: 'a' } item { id: 2 name: 'a' }"));
    assertThrows(LabelMapException.class, () -> LabelMap.parse("item { id: 1 name: 'a' } item { id: 1 name: 'b' }"));
    assertThrows(LabelMapException.class, () -> LabelMap.parse("item { name: 'a' }"));
    assertThrows(LabelMapException.class, () -> LabelMap.parse(""));
  }
}
