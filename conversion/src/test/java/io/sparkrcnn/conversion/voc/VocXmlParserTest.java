package io.sparkrcnn.conversion.voc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class VocXmlParserTest {
  private final VocXmlParser parser = new VocXmlParser();

  private VocAnnotation parse(String xml) throws VocFormatException {
    return parser.parse(xml.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsAPetsAnnotation() throws Exception {
    VocAnnotation a = parse("<annotation><folder>OXIIIT</folder><filename>Abyssinian_1.jpg</filename>"
        + "<size><width>600</width><height>400</height><depth>3</depth></size><segmented>0</segmented>"
        + "<object><name>cat</name><pose>Frontal</pose><truncated>0</truncated><occluded>0</occluded>"
        + "<bndbox><xmin>333</xmin><ymin>72</ymin><xmax>425</xmax><ymax>158</ymax></bndbox>"
        + "<difficult>1</difficult></object></annotation>");
    assertEquals("Abyssinian_1.jpg", a.filename());
    assertEquals(600, a.width());
    assertEquals(400, a.height());
    assertEquals(new VocObject("cat", "Frontal", false, true, 333, 72, 425, 158), a.objects().get(0));
  }

  @Test
  void missingOptionalFieldsTakeVocDefaults() throws Exception {
    VocAnnotation a = parse("<annotation><filename>x_1.jpg</filename><size><width>10</width><height>5</height>"
        + "</size><object><name>dog</name><bndbox><xmin>1.5</xmin><ymin>1</ymin><xmax>9</xmax><ymax>4</ymax>"
        + "</bndbox></object></annotation>");
    assertEquals(new VocObject("dog", "Unspecified", false, false, 1.5, 1, 9, 4), a.objects().get(0));
  }

  @Test
  void malformedOrIncompleteXmlIsRefusedWithTheReason() {
    assertTrue(assertThrows(VocFormatException.class, () -> parse("<annotation><filename>")).getMessage()
        .contains("malformed XML"));
    assertTrue(assertThrows(VocFormatException.class, () -> parse("<annotation><filename>a</filename></annotation>"))
        .getMessage().contains("<size>"));
    assertTrue(assertThrows(VocFormatException.class, () -> parse("<annotation><size><width>0</width>"
        + "<height>5</height></size></annotation>")).getMessage().contains("width"));
    assertTrue(assertThrows(VocFormatException.class, () -> parse("<annotation><size><width>4</width>"
        + "<height>5</height></size><object><bndbox><xmin>a</xmin></bndbox></object></annotation>"))
        .getMessage().contains("xmin"));
  }

  @Test
  void doctypesAreNotExpanded() {
    assertThrows(VocFormatException.class, () -> parse("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM "
        + "\"file:///etc/passwd\">]><annotation>&x;</annotation>"));
  }

  @Test
  void partBoxesInsideAnObjectAreNotItsBox() throws Exception {
    VocAnnotation a = parse("<annotation><size><width>100</width><height>80</height></size><object><name>person"
        + "</name><part><name>hand</name><bndbox><xmin>1</xmin><ymin>2</ymin><xmax>3</xmax><ymax>4</ymax></bndbox>"
        + "</part><bndbox><xmin>10</xmin><ymin>20</ymin><xmax>30</xmax><ymax>40</ymax></bndbox></object>"
        + "<object><name>dog</name><bndbox><xmin>5</xmin><ymin>6</ymin><xmax>7</xmax><ymax>8</ymax></bndbox>"
        + "</object></annotation>");
    assertEquals(2, a.objects().size());
    assertEquals(new VocObject("person", "Unspecified", false, false, 10, 20, 30, 40), a.objects().get(0));
    assertEquals(new VocObject("dog", "Unspecified", false, false, 5, 6, 7, 8), a.objects().get(1));
  }

  @Test
  void aWrongRootElementIsRefused() {
    assertTrue(assertThrows(VocFormatException.class, () -> parse("<html></html>")).getMessage()
        .contains("<annotation>"));
  }

  @Test
  void anUndeclaredEntityIsAMalformedFileNotACrash() {
    assertTrue(assertThrows(VocFormatException.class, () -> parse("<annotation><size><width>4</width><height>5"
        + "</height></size><object><pose>Front&eacute;</pose></object></annotation>")).getMessage()
        .contains("malformed XML"));
  }

  @Test
  void aRepeatedFieldKeepsItsLastValueAsTheReference() throws Exception {
    VocAnnotation a = parse("<annotation><size><width>100</width><height>80</height><width>200</width></size>"
        + "<object><bndbox><xmin>1</xmin><ymin>2</ymin><xmax>3</xmax><xmax>30</xmax><ymax>4</ymax></bndbox>"
        + "</object></annotation>");
    assertEquals(200, a.width());
    assertEquals(30, a.objects().get(0).xmax());
  }
}
