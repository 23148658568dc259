package io.ipvm.compiler.validate;

import io.ipvm.compiler.BinaryLayout;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The message for a module the parser rejected: what is wrong, in the spec's words where the spec
 * has some (its {@code assert_malformed} texts: "magic header not detected", "unexpected end",
 * "malformed section id", "END opcode expected", ...), instead of the parser's raw text.
 *
 * <p>Chicory's messages are written to contain every text the spec suite might expect, so one
 * failure reads "section size mismatch, unexpected end of section or function, illegal opcode, op
 * value CA"; and a truncated or corrupt section sometimes escapes its decoder as an {@code
 * ArrayIndexOutOfBoundsException} or a {@code NullPointerException}. This class looks at the bytes
 * itself first (header, section framing, table limits) and otherwise keeps only the specific part
 * of the parser's message. The location (byte offset, section, function) is {@link ErrorLocator}'s
 * and is appended by the caller.
 */
public final class ParseErrors {
  private ParseErrors() {}

  /** Chicory's hedge, put in front of many messages so that several spec texts match. */
  private static final String HEDGE =
      "section size mismatch, unexpected end of section or function, ";

  /** Texts that say only "something ended early or a number is malformed". */
  private static final Pattern GENERIC =
      Pattern.compile(
          "(?:section size mismatch|unexpected end(?: of section or function)?|integer too large"
              + "|integer representation too long|length out of bounds(?: for section\\d+)?"
              + "|, )+");

  private static final Pattern ILLEGAL_OPCODE =
      Pattern.compile("illegal opcode, op value ([0-9A-Fa-f]+)\\s*");

  private static final Pattern COMPOSITE =
      Pattern.compile("Invalid composite type\\. Form (0x[0-9A-Fa-f]+) was not .*");

  /** Chicory's table size limit when a table declares no maximum (TableLimits.LIMIT_MAX). */
  static final long TABLE_LIMIT = 10_000_000L;

  /**
   * A message for {@code e}, thrown while parsing {@code wasm}, without the location.
   *
   * @param functionIndex the function whose body failed (from {@link ErrorLocator}), or -1
   */
  public static String describe(Throwable e, byte[] wasm, int functionIndex) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (message.contains("size minimum must not be greater than maximum")) {
      String table = tableWithoutMaximum(wasm);
      if (table != null) {
        return table;
      }
    }
    if (!(e instanceof com.dylibso.chicory.wasm.ChicoryException)) {
      // A decoder ran off its data: a count, length or index inside the section is wrong.
      return functionIndex >= 0
          ? "malformed function body: unbalanced blocks (an end or else without its block) or an"
              + " immediate that runs past the body's end"
          : "unexpected end of section or function: an entry runs past its section's end, or a"
              + " count or length in it is wrong";
    }
    String specific = message;
    while (specific.startsWith(HEDGE)) {
      specific = specific.substring(HEDGE.length());
    }
    specific = specific.strip();
    if (specific.isEmpty() || GENERIC.matcher(specific).matches()) {
      return "unexpected end of section or function, or an integer or length that is malformed"
          + " (integer representation too long, length out of bounds)";
    }
    Matcher m = ILLEGAL_OPCODE.matcher(specific);
    if (m.matches()) {
      return "illegal opcode 0x" + m.group(1).toLowerCase(java.util.Locale.ROOT);
    }
    m = COMPOSITE.matcher(specific);
    if (m.matches()) {
      return "malformed type: form "
          + m.group(1).toLowerCase(java.util.Locale.ROOT)
          + " where a function type (0x60) was expected";
    }
    if (specific.startsWith("END opcode expected")) {
      return "END opcode expected (a function body or constant expression does not end with 0x0b)";
    }
    return specific;
  }

  /**
   * A problem found in the module's outline alone, and where it is.
   *
   * @param message what is wrong, without the location
   * @param byteOffset where: the header's start, or the start of the offending section
   */
  public record Problem(String message, long byteOffset) {}

  /**
   * A wrong header, or a section header that is cut off, runs past the end of the file or has an
   * unknown id; null when the outline is sound (the problem, if any, is inside a section).
   */
  public static Problem structural(byte[] wasm) {
    String header = header(wasm);
    if (header != null) {
      boolean magic = wasm.length >= 4 && !header.startsWith("magic");
      return new Problem(header, magic ? 4 : 0); // the version field, or the magic
    }
    return framing(wasm);
  }

  /** What is wrong with the 8-byte header, or null if it is right. */
  static String header(byte[] b) {
    boolean magic = b.length >= 4 && b[0] == 0 && b[1] == 'a' && b[2] == 's' && b[3] == 'm';
    if (!magic) {
      if (b.length < 4) {
        return "unexpected end: the file has "
            + b.length
            + " bytes, and a WebAssembly binary starts with an 8-byte header";
      }
      return String.format(
          "magic header not detected: the bytes start with %02x %02x %02x %02x, a WebAssembly"
              + " binary with 00 61 73 6d (\\0asm)",
          b[0] & 0xff, b[1] & 0xff, b[2] & 0xff, b[3] & 0xff);
    }
    if (b.length < 8) {
      return "unexpected end: the file ends at byte " + b.length + ", inside the version field";
    }
    if (b[4] != 1 || b[5] != 0 || b[6] != 0 || b[7] != 0) {
      long version =
          (b[4] & 0xffL) | (b[5] & 0xffL) << 8 | (b[6] & 0xffL) << 16 | (b[7] & 0xffL) << 24;
      return "unknown binary version " + version + " (WebAssembly 1.0 and 2.0 binaries are 1)";
    }
    return null;
  }

  /** A section header that is cut off, runs past the end, or has an unknown id; else null. */
  static Problem framing(byte[] b) {
    int pos = 8;
    while (pos < b.length) {
      int start = pos;
      int id = b[pos++] & 0xFF;
      if (id > 12) {
        return new Problem("malformed section id " + id, start);
      }
      long[] size = BinaryLayout.readU32(b, pos);
      if (size == null) {
        return new Problem(
            "unexpected end: the size of the "
                + ErrorLocator.sectionName(id)
                + " section is cut off or is not a valid u32",
            start);
      }
      pos = (int) size[1];
      if (pos + size[0] > b.length) {
        return new Problem(
            "unexpected end: the "
                + ErrorLocator.sectionName(id)
                + " section declares "
                + size[0]
                + " bytes, but the file ends "
                + (b.length - pos == 1 ? "1 byte" : (b.length - pos) + " bytes")
                + " into it (is the file truncated?)",
            start);
      }
      pos += (int) size[0];
    }
    return null;
  }

  /**
   * For a table whose minimum is above what this implementation supports and that declares no
   * maximum: the parser reports it as "minimum greater than maximum", which is not what is wrong.
   */
  static String tableWithoutMaximum(byte[] b) {
    int pos = 8;
    while (pos < b.length) {
      int id = b[pos++] & 0xFF;
      long[] size = BinaryLayout.readU32(b, pos);
      if (size == null) {
        return null;
      }
      pos = (int) size[1];
      int end = (int) Math.min(b.length, pos + size[0]);
      if (id == 4) {
        long[] count = BinaryLayout.readU32(b, pos);
        if (count == null) {
          return null;
        }
        int p = (int) count[1];
        for (long i = 0; i < count[0] && p + 2 < end; i++) {
          p++; // reference type
          int flags = b[p++] & 0xFF;
          long[] min = BinaryLayout.readU32(b, p);
          if (min == null) {
            return null;
          }
          p = (int) min[1];
          if (flags == 0 && min[0] > TABLE_LIMIT) {
            return "table "
                + i
                + " (of this module's own) has a minimum of "
                + min[0]
                + " elements and no maximum; this implementation supports tables of at most "
                + TABLE_LIMIT
                + " elements";
          }
          if (flags == 1) {
            long[] max = BinaryLayout.readU32(b, p);
            if (max == null) {
              return null;
            }
            p = (int) max[1];
          }
        }
        return null;
      }
      pos = end;
    }
    return null;
  }
}
