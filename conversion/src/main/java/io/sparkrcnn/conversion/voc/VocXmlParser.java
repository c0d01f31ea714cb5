package io.sparkrcnn.conversion.voc;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads PASCAL VOC annotation XML (the Pets {@code annotations/xmls/*.xml} files) with a streaming
 * parser: a DOM parser's set-up cost more than the rest of the conversion of an example. Only the
 * direct fields of {@code <annotation>}, {@code <size>}, {@code <object>} and its {@code <bndbox>}
 * are read (VOC's {@code <part>} boxes inside objects are not objects); a repeated field keeps its
 * last value, as the reference's {@code recursive_parse_xml_to_dict}. No DTDs, no entities.
 * Not thread-safe: one per thread.
 */
public final class VocXmlParser {
  // One factory per parser, and so per task: a shared one makes threads queue on its symbol table.
  private final XMLInputFactory factory = newFactory();

  private static XMLInputFactory newFactory() {
    // Woodstox when Hadoop's runtime brings it (three times faster here than the JDK's parser),
    // else the JDK's. Either may throw unchecked exceptions on bad input: parse() catches them.
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    return f;
  }

  /** Parses one annotation; missing optional fields take VOC's defaults (pose Unspecified, flags 0). */
  public VocAnnotation parse(byte[] xml) throws VocFormatException {
    Map<String, String> top = new HashMap<>();
    List<Map<String, String>> objects = new ArrayList<>();
    List<String> path = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    XMLStreamReader r = null;
    try {
      r = factory.createXMLStreamReader(new ByteArrayInputStream(xml));
      while (r.hasNext()) {
        switch (r.next()) {
          case XMLStreamConstants.START_ELEMENT -> {
            path.add(r.getLocalName());
            text.setLength(0);
            if (path.size() == 1 && !path.get(0).equals("annotation")) {
              throw new VocFormatException("root element is <" + path.get(0) + ">, expected <annotation>");
            }
            if (path.size() == 2 && path.get(1).equals("object")) {
              objects.add(new HashMap<>());
            }
          }
          case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> text.append(r.getText());
          case XMLStreamConstants.DTD -> throw new VocFormatException("DOCTYPE declarations are not allowed");
          case XMLStreamConstants.END_ELEMENT -> {
            String key = String.join("/", path.subList(1, path.size()));
            String value = text.toString().trim();
            if (key.equals("filename") || key.startsWith("size/") && path.size() == 3) {
              top.put(key, value); // a repeated element: the last wins, as in the reference's dict
            } else if (key.startsWith("object/") && (path.size() == 3 || key.startsWith("object/bndbox/")
                && path.size() == 4)) {
              objects.get(objects.size() - 1).put(key.substring("object/".length()), value);
            }
            path.remove(path.size() - 1);
            text.setLength(0);
          }
          default -> { }
        }
      }
    } catch (XMLStreamException | RuntimeException e) { // some parsers throw unchecked (undeclared entities)
      throw new VocFormatException("malformed XML: " + String.valueOf(e.getMessage()).replaceAll("\\s+", " "));
    } finally {
      if (r != null) {
        try {
          r.close();
        } catch (XMLStreamException ignored) {
          // nothing to release for an in-memory stream
        }
      }
    }
    if (!top.containsKey("size/width") && !top.containsKey("size/height")) {
      throw new VocFormatException("no <size> element");
    }
    int width = positiveInt(top, "size/width");
    int height = positiveInt(top, "size/height");
    List<VocObject> parsed = new ArrayList<>();
    for (Map<String, String> o : objects) {
      if (!o.containsKey("bndbox/xmin") && !o.containsKey("bndbox/ymin") && !o.containsKey("bndbox/xmax")
          && !o.containsKey("bndbox/ymax")) {
        throw new VocFormatException("an <object> has no <bndbox>");
      }
      parsed.add(new VocObject(o.getOrDefault("name", ""), o.getOrDefault("pose", "Unspecified"),
          flag(o, "truncated"), flag(o, "difficult"), number(o, "bndbox/xmin"), number(o, "bndbox/ymin"),
          number(o, "bndbox/xmax"), number(o, "bndbox/ymax")));
    }
    return new VocAnnotation(top.getOrDefault("filename", ""), width, height, parsed);
  }

  private static int positiveInt(Map<String, String> fields, String key) throws VocFormatException {
    double v = number(fields, key);
    if (v < 1 || v != Math.rint(v)) {
      throw new VocFormatException("<" + key.replace("/", "><") + "> is " + fields.get(key)
          + ", expected a positive integer");
    }
    return (int) v;
  }

  private static boolean flag(Map<String, String> fields, String key) throws VocFormatException {
    String t = fields.getOrDefault(key, "0");
    try {
      return Integer.parseInt(t.isEmpty() ? "0" : t) != 0;
    } catch (NumberFormatException e) {
      throw new VocFormatException("<" + key + "> is '" + t + "', expected 0 or 1");
    }
  }

  private static double number(Map<String, String> fields, String key) throws VocFormatException {
    String tag = key.substring(key.lastIndexOf('/') + 1);
    String t = fields.get(key);
    if (t == null) {
      throw new VocFormatException("missing <" + tag + ">");
    }
    try {
      double v = Double.parseDouble(t);
      if (!Double.isFinite(v)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new VocFormatException("<" + tag + "> is '" + t + "', expected a number");
    }
  }
}
