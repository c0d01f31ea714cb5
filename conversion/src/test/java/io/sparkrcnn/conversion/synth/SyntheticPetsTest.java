package io.sparkrcnn.conversion.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.io.labelmap.LabelMap;
import io.sparkrcnn.io.testing.LocalFs;
import io.sparkrcnn.conversion.voc.VocAnnotation;
import io.sparkrcnn.conversion.voc.VocXmlParser;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticPetsTest {
  @TempDir static Path tmp;
  static List<SyntheticPets.Item> items;

  @BeforeAll
  static void generate() throws Exception {
    items = SyntheticPets.write(LocalFs.get(), LocalFs.path(tmp.resolve("a")), new SyntheticPets.Spec(3, 37, 9, 120, 90));
  }

  @Test
  void writesThePetsLayoutWithItsListFiles() throws Exception {
    assertEquals(111, items.size());
    List<String> list = Files.readAllLines(tmp.resolve("a/annotations/list.txt"));
    assertEquals("#Image CLASS-ID SPECIES BREED ID", list.get(0));
    assertEquals(6 + 111, list.size());
    assertTrue(list.contains("Abyssinian_1 1 1 1"), "cats are species 1");
    assertTrue(list.contains("american_bulldog_1 2 2 1"), "dogs are species 2, breed ids per species");
    assertTrue(list.contains("yorkshire_terrier_3 37 2 25"));
    List<String> trainval = Files.readAllLines(tmp.resolve("a/annotations/trainval.txt"));
    List<String> test = Files.readAllLines(tmp.resolve("a/annotations/test.txt"));
    assertEquals(74, trainval.size(), "the first ceil(n/2) of each breed");
    assertEquals(37, test.size());
    for (SyntheticPets.Item item : items) {
      assertTrue(Files.exists(tmp.resolve("a/images/" + item.id() + ".jpg")));
      assertTrue(Files.exists(tmp.resolve("a/annotations/trimaps/" + item.id() + ".png")));
    }
  }

  @Test
  void annotationsMatchTheImageAndTrimapsHoldOnlyOneTwoThree() throws Exception {
    for (SyntheticPets.Item item : items.subList(0, 10)) {
      VocAnnotation a = new VocXmlParser().parse(Files.readAllBytes(tmp.resolve("a/annotations/xmls/" + item.id() + ".xml")));
      assertEquals(item.id() + ".jpg", a.filename());
      BufferedImage img = ImageIO.read(tmp.resolve("a/images/" + item.id() + ".jpg").toFile());
      assertEquals(a.width(), img.getWidth());
      assertEquals(a.height(), img.getHeight());
      assertEquals(item.xmin(), a.objects().get(0).xmin());
      assertTrue(item.xmax() > item.xmin() && item.ymax() > item.ymin() && item.xmax() < 120 && item.ymax() < 90);
      BufferedImage tri = ImageIO.read(tmp.resolve("a/annotations/trimaps/" + item.id() + ".png").toFile());
      Set<Integer> values = new HashSet<>();
      for (int y = 0; y < tri.getHeight(); y++) {
        for (int x = 0; x < tri.getWidth(); x++) {
          values.add(tri.getRaster().getSample(x, y, 0));
        }
      }
      assertEquals(Set.of(1, 2, 3), values, item.id());
      int cx = (item.xmin() + item.xmax()) / 2;
      int cy = (item.ymin() + item.ymax()) / 2;
      assertEquals(1, tri.getRaster().getSample(cx, cy, 0), "the head centre is pet");
    }
  }

  @Test
  void theSameSeedGivesTheSameFilesAndAnotherSeedOthers() throws Exception {
    SyntheticPets.write(LocalFs.get(), LocalFs.path(tmp.resolve("b")), new SyntheticPets.Spec(3, 37, 9, 120, 90));
    SyntheticPets.write(LocalFs.get(), LocalFs.path(tmp.resolve("c")), new SyntheticPets.Spec(3, 37, 10, 120, 90));
    byte[] a = Files.readAllBytes(tmp.resolve("a/images/Bengal_2.jpg"));
    assertArrayEquals(a, Files.readAllBytes(tmp.resolve("b/images/Bengal_2.jpg")));
    assertArrayEquals(Files.readAllBytes(tmp.resolve("a/annotations/xmls/pug_3.xml")),
        Files.readAllBytes(tmp.resolve("b/annotations/xmls/pug_3.xml")));
    assertNotEquals(new String(a), new String(Files.readAllBytes(tmp.resolve("c/images/Bengal_2.jpg"))));
  }

  @Test
  void everyBreedHasItsOwnHeadColourAndShape() throws Exception {
    Set<String> looks = new HashSet<>();
    for (int c = 0; c < LabelMap.PETS_CLASSES.size(); c++) {
      SyntheticPets.Item item = items.get(3 * c);
      BufferedImage img = ImageIO.read(tmp.resolve("a/images/" + item.id() + ".jpg").toFile());
      int rgb = img.getRGB((item.xmin() + item.xmax()) / 2, item.ymin() + (item.ymax() - item.ymin()) / 4);
      float hue = java.awt.Color.RGBtoHSB((rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255, null)[0];
      looks.add(Math.round(hue * 10) % 10 + "/" + (c % 4));
    }
    assertEquals(37, looks.size(), "hue x shape differs between all breeds: " + looks);
  }
}
