package io.sparkrcnn.conversion.pets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.io.labelmap.LabelMap;
import io.sparkrcnn.conversion.synth.SyntheticPets;
import io.sparkrcnn.io.testing.LocalFs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PetExampleReaderTest {
  @TempDir Path tmp;
  PetExampleReader reader;

  @BeforeEach
  void dataset() throws Exception {
    SyntheticPets.write(LocalFs.get(), LocalFs.path(tmp), new SyntheticPets.Spec(2, 1, 1, 64, 48));
    reader = new PetExampleReader(LocalFs.get(), new PetsLayout(LocalFs.path(tmp).toString()), LabelMap.pets(),
        new PetsConversionOptions(true, MaskType.PNG, false));
  }

  @Test
  void aColonInAnIdIsAFileNameNotAUriScheme() throws Exception {
    Files.copy(tmp.resolve("annotations/xmls/Abyssinian_1.xml"), tmp.resolve("annotations/xmls/Abyssinian_1:v2.xml"));
    ExampleOutcome o = reader.read("Abyssinian_1:v2");
    assertInstanceOf(ExampleOutcome.Converted.class, o);
  }

  @Test
  void idsThatWouldLeaveTheFolderAreSkipped() throws Exception {
    ExampleOutcome.Skipped s = assertInstanceOf(ExampleOutcome.Skipped.class, reader.read("../Abyssinian_1"));
    assertTrue(s.reason().contains("'/'"), s.reason());
  }

  @Test
  void anEntityInTheXmlSkipsTheExampleWithItsReason() throws Exception {
    Path xml = tmp.resolve("annotations/xmls/Abyssinian_2.xml");
    Files.writeString(xml, Files.readString(xml).replace("<pose>Frontal</pose>", "<pose>Front&eacute;</pose>"));
    ExampleOutcome.Skipped s = assertInstanceOf(ExampleOutcome.Skipped.class, reader.read("Abyssinian_2"));
    assertTrue(s.reason().contains("malformed XML"), s.reason());
    assertEquals("Abyssinian_2", s.exampleId());
  }
}
