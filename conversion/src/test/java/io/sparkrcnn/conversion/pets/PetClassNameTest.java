package io.sparkrcnn.conversion.pets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PetClassNameTest {
  @ParameterizedTest
  @CsvSource({
      "american_pit_bull_terrier_105.jpg, american_pit_bull_terrier",
      "Abyssinian_1.jpg, Abyssinian",
      "Egyptian_Mau_191.jpg, Egyptian_Mau",
      "Bombay_22.JPG, Bombay",
      "yorkshire_terrier_9.jpg.bak, yorkshire_terrier",
  })
  void breedIsWhatTheReferenceRegexCapturesFromTheStart(String file, String breed) {
    assertEquals(Optional.of(breed), PetClassName.fromFilename(file));
  }

  @ParameterizedTest
  @CsvSource({"Abyssinian_1.png", "Abyssinian.jpg", "_1.jpg", "1_Abyssinian_1.jpg", "Abyssinian_x.jpg"})
  void namesTheRegexDoesNotMatchHaveNoBreed(String file) {
    assertEquals(Optional.empty(), PetClassName.fromFilename(file));
  }
}
