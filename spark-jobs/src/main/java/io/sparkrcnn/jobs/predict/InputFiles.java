package io.sparkrcnn.jobs.predict;

import io.sparkrcnn.io.fs.FileSystems;
import io.sparkrcnn.jobs.UserError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The files {@code --input_path} names: comma-separated entries, each a file, a directory (its files, not its
 * subdirectories, without hidden {@code .name} and {@code _name} files, as Hadoop's input formats skip them) or
 * a Hadoop glob ({@code *}, {@code ?}, {@code [0-9]}, {@code {a,b}}: its commas do not separate entries), on any
 * Hadoop filesystem. Each entry's files are sorted, entries keep their order, a file named twice counts once. An
 * entry that matches nothing is refused.
 */
final class InputFiles {
  private InputFiles() {}

  /** The qualified paths of the files, in input order. */
  static List<String> list(Configuration conf, String inputPath) throws IOException {
    Set<String> files = new LinkedHashSet<>();
    List<String> entries = entries(inputPath);
    if (entries.isEmpty()) {
      throw new UserError("--input_path is empty; give image files, directories, globs or TFRecord files");
    }
    for (String entry : entries) {
      Path p = new Path(entry);
      FileSystem fs = FileSystems.of(p, conf);
      FileStatus[] matches = fs.globStatus(p);
      if (matches == null || matches.length == 0) {
        throw new UserError("--input_path '" + entry + "' matches no file");
      }
      List<String> found = new ArrayList<>();
      for (FileStatus m : matches) {
        if (m.isDirectory()) {
          for (FileStatus f : fs.listStatus(m.getPath())) {
            if (f.isFile() && !hidden(f.getPath().getName())) {
              found.add(fs.makeQualified(f.getPath()).toString());
            }
          }
        } else {
          found.add(fs.makeQualified(m.getPath()).toString());
        }
      }
      if (found.isEmpty()) {
        throw new UserError("--input_path '" + entry + "' matches only directories without files");
      }
      found.stream().sorted().forEach(files::add);
    }
    return List.copyOf(files);
  }

  /** The comma-separated entries, a comma inside a glob's {@code {a,b}} not separating. */
  static List<String> entries(String inputPath) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i <= inputPath.length(); i++) {
      char c = i < inputPath.length() ? inputPath.charAt(i) : ',';
      depth += c == '{' ? 1 : c == '}' && depth > 0 ? -1 : 0;
      if (c == ',' && depth == 0) {
        String entry = inputPath.substring(start, i).strip();
        if (!entry.isEmpty()) {
          out.add(entry);
        }
        start = i + 1;
      }
    }
    return out;
  }

  private static boolean hidden(String name) {
    return name.startsWith(".") || name.startsWith("_");
  }
}
