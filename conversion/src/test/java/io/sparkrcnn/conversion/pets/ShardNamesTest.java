package io.sparkrcnn.conversion.pets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkrcnn.io.tfrecord.ShardNames;
import io.sparkrcnn.conversion.pets.MaskType;
import io.sparkrcnn.conversion.pets.PetsConversionOptions;
import io.sparkrcnn.conversion.pets.ShardPlan;
import io.sparkrcnn.conversion.pets.ShardSpec;
import io.sparkrcnn.conversion.split.PetsSplit;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardNamesTest {
  @Test
  void namesFollowBaseDashFiveDigitsOfFiveDigits() {
    assertEquals("pet_faces_train.record-00000-of-00010", ShardNames.name("pet_faces_train.record", 0, 10));
    assertEquals("x-00009-of-00010", ShardNames.name("x", 9, 10));
    assertEquals("x-?????-of-00010", ShardNames.glob("x", 10));
    assertThrows(IllegalArgumentException.class, () -> ShardNames.name("x", 10, 10));
  }

  @Test
  void examplesGoRoundRobinByPositionInTheSplitList() {
    PetsSplit split = new PetsSplit(List.of("a", "b", "c", "d", "e"), List.of("v"));
    List<ShardSpec> plan = ShardPlan.of(split, 2, new PetsConversionOptions(true, MaskType.PNG, true));
    assertEquals(4, plan.size());
    assertEquals(new ShardSpec("train", "pet_faces_train.record-00000-of-00002", List.of("a", "c", "e")), plan.get(0));
    assertEquals(new ShardSpec("train", "pet_faces_train.record-00001-of-00002", List.of("b", "d")), plan.get(1));
    assertEquals(new ShardSpec("val", "pet_faces_val.record-00000-of-00002", List.of("v")), plan.get(2));
    assertEquals(new ShardSpec("val", "pet_faces_val.record-00001-of-00002", List.of()), plan.get(3),
        "empty shards are still written, as the reference does");
  }

  @Test
  void fullBodyRecordsUseTheReferenceBaseName() {
    PetsSplit split = new PetsSplit(List.of("a"), List.of("b"));
    List<ShardSpec> plan = ShardPlan.of(split, 1, new PetsConversionOptions(false, MaskType.PNG, true));
    assertEquals("pets_fullbody_with_masks_train.record-00000-of-00001", plan.get(0).fileName());
    assertEquals("pets_fullbody_with_masks_val.record-00000-of-00001", plan.get(1).fileName());
  }
}
