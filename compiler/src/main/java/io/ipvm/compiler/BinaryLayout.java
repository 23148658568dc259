package io.ipvm.compiler;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the sections and function bodies of a Wasm binary are, read from the raw bytes without
 * decoding instructions, and copies of the binary with some bodies replaced by {@code unreachable}
 * (valid for every function type). Used to compile very large modules in batches (the parser holds
 * every instruction of the bodies it decodes) and to locate errors.
 */
public final class BinaryLayout {
  /** One section: id, offset of its id byte, of its content, and its end. */
  public record Section(int id, int start, int contentStart, int end) {}

  /** One function body: offset of its size field and its end. */
  public record Body(int start, int end) {
    /** Encoded size including the size field. */
    public int length() {
      return end - start;
    }
  }

  private final byte[] wasm;
  private final List<Section> sections;
  private final Section code;
  private final List<Body> bodies;

  private BinaryLayout(byte[] wasm, List<Section> sections, Section code, List<Body> bodies) {
    this.wasm = wasm;
    this.sections = sections;
    this.code = code;
    this.bodies = bodies;
  }

  /** Scans a binary; null if its section or body framing is broken (the parser will say how). */
  public static BinaryLayout scan(byte[] wasm) {
    List<Section> sections = new ArrayList<>();
    int pos = 8;
    if (wasm.length < 8) {
      return null;
    }
    while (pos < wasm.length) {
      int start = pos;
      int id = wasm[pos++] & 0xFF;
      long[] size = readU32(wasm, pos);
      if (size == null || size[1] + size[0] > wasm.length) {
        return null;
      }
      pos = (int) size[1];
      int end = (int) (pos + size[0]);
      sections.add(new Section(id, start, pos, end));
      pos = end;
    }
    Section code = null;
    for (Section s : sections) {
      if (s.id() == 10) {
        code = s;
      }
    }
    List<Body> bodies = new ArrayList<>();
    if (code != null) {
      long[] count = readU32(wasm, code.contentStart());
      if (count == null) {
        return null;
      }
      pos = (int) count[1];
      for (long i = 0; i < count[0]; i++) {
        long[] size = readU32(wasm, pos);
        if (size == null || size[1] + size[0] > code.end()) {
          return null;
        }
        int end = (int) (size[1] + size[0]);
        bodies.add(new Body(pos, end));
        pos = end;
      }
    }
    return new BinaryLayout(wasm, List.copyOf(sections), code, List.copyOf(bodies));
  }

  /** The sections in order. */
  public List<Section> sections() {
    return sections;
  }

  /** The function bodies in order (empty without a code section). */
  public List<Body> bodies() {
    return bodies;
  }

  /** A copy of the binary whose bodies outside [from, to) are {@code unreachable}. */
  public byte[] keepingBodies(int from, int to) {
    return withStubs(from, to, true);
  }

  /** A copy of the binary whose bodies in [from, to) are {@code unreachable}. */
  public byte[] stubbingBodies(int from, int to) {
    return withStubs(from, to, false);
  }

  private byte[] withStubs(int from, int to, boolean keepRange) {
    if (code == null || (keepRange && from == 0 && to == bodies.size())) {
      return wasm;
    }
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    writeU32(content, bodies.size());
    for (int i = 0; i < bodies.size(); i++) {
      Body b = bodies.get(i);
      if ((i >= from && i < to) == keepRange) {
        content.write(wasm, b.start(), b.length());
      } else {
        content.write(3); // body size
        content.write(0); // no locals
        content.write(0x00); // unreachable
        content.write(0x0B); // end
      }
    }
    ByteArrayOutputStream out =
        new ByteArrayOutputStream(wasm.length - (code.end() - code.start()) + content.size() + 6);
    out.write(wasm, 0, code.start());
    out.write(10);
    writeU32(out, content.size());
    out.writeBytes(content.toByteArray());
    out.write(wasm, code.end(), wasm.length - code.end());
    return out.toByteArray();
  }

  /** Reads an unsigned LEB128 u32: {value, position after}, or null when truncated or too long. */
  public static long[] readU32(byte[] b, int pos) {
    long result = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      if (pos >= b.length) {
        return null;
      }
      int v = b[pos++] & 0xFF;
      result |= (long) (v & 0x7F) << shift;
      if ((v & 0x80) == 0) {
        return new long[] {result, pos};
      }
    }
    return null;
  }

  static void writeU32(ByteArrayOutputStream out, long v) {
    do {
      int b = (int) (v & 0x7F);
      v >>>= 7;
      out.write(v != 0 ? b | 0x80 : b);
    } while (v != 0);
  }
}
