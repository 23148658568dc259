package io.ipvm.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MutatorTest {
  private static final byte[] MODULE = ModuleGenerator.input(7);

  @Test
  void aMutantIsDeterminedByItsSeedAndIndex() {
    for (int i = 0; i < 50; i++) {
      Mutator.Mutant a = Mutator.mutate(MODULE, 42, i);
      Mutator.Mutant b = Mutator.mutate(MODULE, 42, i);
      assertArrayEquals(a.bytes(), b.bytes());
      assertEquals(a.description(), b.description());
    }
  }

  @Test
  void everyKindOfCorruptionOccursAndChangesTheModule() {
    Set<String> kinds = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      Mutator.Mutant m = Mutator.mutate(MODULE, 1, i);
      kinds.add(m.description().split(" ")[0]);
      // The header stays intact so that mutants test more than the magic-number check.
      assertArrayEquals(Arrays.copyOf(MODULE, 8), Arrays.copyOf(m.bytes(), 8), m.description());
      if (!m.description().startsWith("flip") && !m.description().startsWith("byte")) {
        assertFalse(Arrays.equals(MODULE, m.bytes()), m.description());
      }
    }
    assertEquals(Set.of("flip", "byte", "truncate", "insert", "delete"), kinds);
  }

  @Test
  void generatorInputsAreDeterministicAndSized() {
    assertArrayEquals(ModuleGenerator.input(3), ModuleGenerator.input(3));
    assertFalse(Arrays.equals(ModuleGenerator.input(3), ModuleGenerator.input(4)));
    for (long s = 0; s < 100; s++) {
      int n = ModuleGenerator.input(s).length;
      assertTrue(n >= ModuleGenerator.MIN_INPUT && n <= ModuleGenerator.MAX_INPUT, "size " + n);
    }
  }
}
