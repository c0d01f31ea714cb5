package io.sparkrcnn.jobs.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.conversion.synth.SyntheticPets;
import io.sparkrcnn.jobs.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** synth --overwrite replaces only a folder synth wrote itself, and only while nothing else is in it. */
class SynthCommandTest {
  @TempDir Path tmp;

  private static Cli.Run synth(Path out, String seed, boolean overwrite) {
    List<String> args = new java.util.ArrayList<>(List.of("synth", "--output_dir", out.toString(),
        "--images_per_class", "1", "--num_classes", "2", "--image_size", "48", "--seed", seed));
    if (overwrite) {
      args.add("--overwrite");
    }
    return Cli.run(args.toArray(String[]::new));
  }

  private static List<String> errorLines(Cli.Run run) {
    return run.err().lines().filter(l -> !l.isBlank()).toList();
  }

  @Test
  void aRealPetsFolderIsNeverReplaced() throws Exception {
    Path pets = tmp.resolve("oxford-iiit-pet");
    Files.createDirectories(pets.resolve("annotations/xmls"));
    Files.createDirectories(pets.resolve("images"));
    Files.createDirectories(pets.resolve("records"));
    Files.writeString(pets.resolve("annotations/list.txt"), "#Image CLASS-ID SPECIES BREED ID\nAbyssinian_1 1 1 1\n");
    Files.writeString(pets.resolve("annotations/trainval.txt"), "Abyssinian_1 1 1 1\n");
    Files.writeString(pets.resolve("images/Abyssinian_1.jpg"), "a downloaded image");
    Files.writeString(pets.resolve("notes.txt"), "mine");
    Files.writeString(pets.resolve("records/pet_faces_train.record-00000-of-00001"), "converted");

    Cli.Run run = synth(pets, "1", true);
    assertEquals(2, run.exit(), run.err());
    assertEquals(1, errorLines(run).size(), run.err());
    assertTrue(run.err().contains(SyntheticPets.MARKER_FILE), run.err());
    assertEquals("mine", Files.readString(pets.resolve("notes.txt")));
    assertEquals("a downloaded image", Files.readString(pets.resolve("images/Abyssinian_1.jpg")));
    assertEquals("converted", Files.readString(pets.resolve("records/pet_faces_train.record-00000-of-00001")));
    assertEquals(List.of("oxford-iiit-pet"), names(tmp), "no staging directory is left beside it");
  }

  @Test
  void synthsOwnOutputIsReplaced() throws Exception {
    Path out = tmp.resolve("synth");
    assertEquals(0, synth(out, "1", false).exit());
    String first = Files.readString(out.resolve(SyntheticPets.MARKER_FILE));
    assertTrue(first.contains("\"seed\": 1"), first);
    Cli.Run again = synth(out, "2", true);
    assertEquals(0, again.exit(), again.err());
    assertTrue(Files.readString(out.resolve(SyntheticPets.MARKER_FILE)).contains("\"seed\": 2"));
    assertTrue(Files.exists(out.resolve("annotations/list.txt")));
  }

  @Test
  void synthsOutputWithSomeoneElsesFilesInsideIsNotReplaced() throws Exception {
    Path out = tmp.resolve("synth");
    assertEquals(0, synth(out, "1", false).exit());
    Files.createDirectories(out.resolve("records"));
    Files.writeString(out.resolve("records/pet_label_map.pbtxt"), "converted");
    Cli.Run again = synth(out, "2", true);
    assertEquals(2, again.exit(), again.err());
    assertEquals(1, errorLines(again).size(), again.err());
    assertTrue(again.err().contains("records"), again.err());
    assertEquals("converted", Files.readString(out.resolve("records/pet_label_map.pbtxt")));
    assertTrue(Files.readString(out.resolve(SyntheticPets.MARKER_FILE)).contains("\"seed\": 1"));
    assertFalse(names(tmp).stream().anyMatch(n -> n.startsWith(".")), names(tmp).toString());
  }

  @Test
  void aLaterRunRemovesWhatAKilledRunLeftAndNamesWhatMayStillBeInUse() throws Exception {
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor();
    String host = java.net.InetAddress.getLocalHost().getHostName();
    String dead = "11111111-1111-1111-1111-111111111111";
    Files.createDirectories(tmp.resolve(".synth.staging-" + dead + "/images"));
    Files.createDirectories(tmp.resolve(".synth.attempts-" + dead));
    Files.writeString(tmp.resolve(".synth.attempts-" + dead + "/_owner"), host + " " + ended.pid() + " 0");
    String unknown = "22222222-2222-2222-2222-222222222222";
    Files.createDirectories(tmp.resolve(".synth.staging-" + unknown));

    Cli.Run run = synth(tmp.resolve("synth"), "1", false);
    assertEquals(0, run.exit(), run.err());
    assertEquals(List.of(".synth.staging-" + unknown, "synth"), names(tmp));
    List<String> warnings = run.err().lines().filter(l -> l.startsWith("warning:")).toList();
    assertEquals(1, warnings.size(), run.err());
    assertTrue(warnings.get(0).contains(".synth.staging-" + unknown), run.err());
  }

  private static List<String> names(Path dir) throws Exception {
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
