package io.sparkrcnn.conversion.voc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/** Reads PASCAL VOC annotation XML (the Pets {@code annotations/xmls/*.xml} files); one instance per thread. */
public final class VocXmlParser {
  /** Errors become exceptions (and skip reasons) instead of lines on stderr. */
  private static final org.xml.sax.helpers.DefaultHandler SILENT = new org.xml.sax.helpers.DefaultHandler();

  // One builder per parser: creating one costs more than parsing a Pets annotation. Not thread-safe.
  private final DocumentBuilder builder;

  public VocXmlParser() {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    try {
      // Annotation files come from users: no DTDs, no external entities.
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(e);
    }
    factory.setExpandEntityReferences(false);
    try {
      builder = factory.newDocumentBuilder();
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(e);
    }
    builder.setErrorHandler(SILENT);
  }

  /** Parses one annotation; missing optional fields take VOC's defaults (pose Unspecified, flags 0). */
  public VocAnnotation parse(byte[] xml) throws VocFormatException {
    Document doc;
    try {
      builder.reset();
      builder.setErrorHandler(SILENT);
      doc = builder.parse(new ByteArrayInputStream(xml));
    } catch (SAXException e) {
      throw new VocFormatException("malformed XML: " + e.getMessage());
    } catch (IOException e) {
      throw new VocFormatException("unreadable XML: " + e.getMessage());
    }
    Element root = doc.getDocumentElement();
    if (!"annotation".equals(root.getTagName())) {
      throw new VocFormatException("root element is <" + root.getTagName() + ">, expected <annotation>");
    }
    String filename = text(root, "filename", "");
    Element size = child(root, "size");
    if (size == null) {
      throw new VocFormatException("no <size> element");
    }
    int width = positiveInt(size, "width");
    int height = positiveInt(size, "height");
    List<VocObject> objects = new ArrayList<>();
    for (Element obj : children(root, "object")) {
      Element box = child(obj, "bndbox");
      if (box == null) {
        throw new VocFormatException("an <object> has no <bndbox>");
      }
      objects.add(new VocObject(
          text(obj, "name", ""),
          text(obj, "pose", "Unspecified"),
          flag(obj, "truncated"),
          flag(obj, "difficult"),
          number(box, "xmin"), number(box, "ymin"), number(box, "xmax"), number(box, "ymax")));
    }
    return new VocAnnotation(filename, width, height, objects);
  }

  private static int positiveInt(Element parent, String tag) throws VocFormatException {
    double v = number(parent, tag);
    if (v < 1 || v != Math.rint(v)) {
      throw new VocFormatException("<size><" + tag + "> is " + text(parent, tag, "") + ", expected a positive integer");
    }
    return (int) v;
  }

  private static boolean flag(Element parent, String tag) throws VocFormatException {
    String t = text(parent, tag, "0");
    try {
      return Integer.parseInt(t.trim()) != 0;
    } catch (NumberFormatException e) {
      throw new VocFormatException("<" + tag + "> is '" + t + "', expected 0 or 1");
    }
  }

  private static double number(Element parent, String tag) throws VocFormatException {
    String t = text(parent, tag, null);
    if (t == null) {
      throw new VocFormatException("missing <" + tag + ">");
    }
    try {
      double v = Double.parseDouble(t.trim());
      if (!Double.isFinite(v)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new VocFormatException("<" + tag + "> is '" + t + "', expected a number");
    }
  }

  private static String text(Element parent, String tag, String fallback) {
    Element e = child(parent, tag);
    return e == null ? fallback : e.getTextContent().trim();
  }

  private static Element child(Element parent, String tag) {
    List<Element> all = children(parent, tag);
    return all.isEmpty() ? null : all.get(0);
  }

  private static List<Element> children(Element parent, String tag) {
    List<Element> out = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node n = nodes.item(i);
      if (n instanceof Element e && e.getTagName().equals(tag)) {
        out.add(e);
      }
    }
    return out;
  }
}
