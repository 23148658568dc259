package io.ipvm.fuzz;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The corruption pass's mutations: flipped bits, overwritten bytes, truncation, inserted and
 * deleted bytes. Each mutant is determined by its module's seed and its index, so it can be
 * rebuilt.
 */
public final class Mutator {
  private Mutator() {}

  /**
   * A corrupted module.
   *
   * @param description what was done, e.g. {@code "flip bit 3 of byte 120"}
   * @param bytes the mutated module
   */
  public record Mutant(String description, byte[] bytes) {}

  /** Mutant number {@code index} of the module generated from {@code seed}. */
  public static Mutant mutate(byte[] original, long seed, int index) {
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index + 1);
    int n = original.length;
    // Past the 8-byte header: corrupting the magic or version only ever tests one check.
    int lo = Math.min(8, n);
    int kind = random.nextInt(5);
    byte[] bytes = original.clone();
    StringBuilder what = new StringBuilder();
    switch (kind) {
      case 0 -> {
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count && n > lo; i++) {
          int at = random.nextInt(lo, n);
          int bit = random.nextInt(8);
          bytes[at] ^= (byte) (1 << bit);
          what.append(what.isEmpty() ? "" : ", ").append("flip bit " + bit + " of byte " + at);
        }
      }
      case 1 -> {
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count && n > lo; i++) {
          int at = random.nextInt(lo, n);
          // Half of the time a boundary value: LEB128 continuation bits, signs, zero.
          int[] special = {0x00, 0x01, 0x7f, 0x80, 0xff, 0x40, 0x41, 0xc0};
          int value =
              random.nextBoolean() ? special[random.nextInt(special.length)] : random.nextInt(256);
          bytes[at] = (byte) value;
          what.append(what.isEmpty() ? "" : ", ")
              .append(String.format("byte %d = 0x%02x", at, value));
        }
      }
      case 2 -> {
        int length = n > lo ? random.nextInt(lo, n) : 0;
        bytes = Arrays.copyOf(original, length);
        what.append("truncate to " + length + " of " + n + " bytes");
      }
      case 3 -> {
        int at = random.nextInt(lo, n + 1);
        int count = 1 + random.nextInt(8);
        byte[] extra = new byte[count];
        random.nextBytes(extra);
        bytes = new byte[n + count];
        System.arraycopy(original, 0, bytes, 0, at);
        System.arraycopy(extra, 0, bytes, at, count);
        System.arraycopy(original, at, bytes, at + count, n - at);
        what.append("insert " + count + " random bytes at " + at);
      }
      default -> {
        int at = random.nextInt(lo, Math.max(lo + 1, n));
        int count = Math.min(1 + random.nextInt(8), n - at);
        bytes = new byte[n - count];
        System.arraycopy(original, 0, bytes, 0, at);
        System.arraycopy(original, at + count, bytes, at, n - at - count);
        what.append("delete " + count + " bytes at " + at);
      }
    }
    return new Mutant(what.toString(), bytes);
  }
}
