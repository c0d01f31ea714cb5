package io.sparkrcnn.conversion.pets;

import io.sparkrcnn.io.fs.UserText;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where things are in an Oxford-IIIT Pet folder: {@code images/}, {@code annotations/trainval.txt},
 * {@code annotations/xmls/<id>.xml}, {@code annotations/trimaps/<id>.png}; on any Hadoop filesystem.
 */
public record PetsLayout(String root) implements java.io.Serializable {

  public Path rootPath() {
    return new Path(root);
  }

  public Path imagesDir() {
    return new Path(rootPath(), "images");
  }

  public Path annotationsDir() {
    return new Path(rootPath(), "annotations");
  }

  public Path trainvalList() {
    return new Path(annotationsDir(), "trainval.txt");
  }

  public Path xmlsDir() {
    return new Path(annotationsDir(), "xmls");
  }

  public Path trimapsDir() {
    return new Path(annotationsDir(), "trimaps");
  }

  public Path xml(String exampleId) {
    return new Path(xmlsDir(), exampleId + ".xml");
  }

  public Path trimap(String exampleId) {
    return new Path(trimapsDir(), exampleId + ".png");
  }

  public Path image(String filename) {
    return new Path(imagesDir(), filename);
  }

  /**
   * The example ids of a list file as the reference reads them: the first space-separated token of
   * every stripped line, blank lines included (as '') so that the shuffle sees the same list. A leading
   * byte-order mark is not part of the first id.
   */
  public static List<String> readExampleIds(FileSystem fs, Path listFile) throws IOException {
    List<String> ids = new ArrayList<>();
    try (FSDataInputStream in = fs.open(listFile);
        BufferedReader r = UserText.reader(in)) {
      String line;
      while ((line = r.readLine()) != null) {
        String stripped = line.strip();
        int space = stripped.indexOf(' ');
        ids.add(space < 0 ? stripped : stripped.substring(0, space));
      }
    } catch (FileNotFoundException e) {
      throw new FileNotFoundException(listFile + " does not exist");
    }
    return ids;
  }

  /** Reads a whole (small) file; {@link FileNotFoundException} if it does not exist. */
  public static byte[] readAll(FileSystem fs, Path path) throws IOException {
    try (FSDataInputStream in = fs.open(path)) {
      // available() is the rest of the file on local and HDFS streams: read exactly that, then
      // confirm the end, so a 30 KB image costs one array and no copies.
      byte[] buf = new byte[Math.max(in.available(), 0)];
      int n = 0;
      while (true) {
        if (n == buf.length) {
          int next = in.read();
          if (next < 0) {
            return buf;
          }
          buf = Arrays.copyOf(buf, Math.max(8192, buf.length * 2));
          buf[n++] = (byte) next;
        }
        int r = in.read(buf, n, buf.length - n);
        if (r < 0) {
          return Arrays.copyOf(buf, n);
        }
        n += r;
      }
    }
  }
}
