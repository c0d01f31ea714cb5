package io.sparkrcnn.conversion.pets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkrcnn.io.testing.LocalFs;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PetsLayoutTest {
  @TempDir java.nio.file.Path tmp;

  @Test
  void exampleIdsAreTheFirstSpaceSeparatedTokenOfEachStrippedLineAsTheReferenceReadsThem() throws Exception {
    Files.writeString(tmp.resolve("trainval.txt"),
        "Abyssinian_100 1 1 1\r\n  beagle_7 5 2 2  \n\nBengal_1\tx 6 1 2\nSiamese_3\n");
    assertEquals(List.of("Abyssinian_100", "beagle_7", "", "Bengal_1\tx", "Siamese_3"),
        PetsLayout.readExampleIds(LocalFs.get(), LocalFs.path(tmp.resolve("trainval.txt"))));
  }

  @Test
  void aByteOrderMarkIsNotPartOfTheFirstId() throws Exception {
    Files.writeString(tmp.resolve("trainval.txt"), "\uFEFFAbyssinian_100 1 1 1\nbeagle_7 5 2 2\n");
    assertEquals(List.of("Abyssinian_100", "beagle_7"),
        PetsLayout.readExampleIds(LocalFs.get(), LocalFs.path(tmp.resolve("trainval.txt"))));
  }

  @Test
  void readAllReadsFilesOfAnySizeAndReportsMissingOnes() throws Exception {
    for (int size : new int[] {0, 1, 8192, 8193, 100_000}) {
      byte[] data = new byte[size];
      new Random(size).nextBytes(data);
      Files.write(tmp.resolve("f" + size), data);
      assertArrayEquals(data, PetsLayout.readAll(LocalFs.get(), LocalFs.path(tmp.resolve("f" + size))));
    }
    assertThrows(FileNotFoundException.class, () -> PetsLayout.readAll(LocalFs.get(), LocalFs.path(tmp.resolve("no"))));
  }
}
