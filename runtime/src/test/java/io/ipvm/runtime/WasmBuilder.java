package io.ipvm.runtime;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes small WebAssembly binaries for tests that need modules too big or too regular to keep as
 * files (a 200 KB function, 20,000 functions). Only what those tests need: types, functions, one
 * funcref table with an element segment, an optional memory, exports.
 */
final class WasmBuilder {
  static final int I32 = 0x7F;
  static final int I64 = 0x7E;

  private final List<byte[]> types = new ArrayList<>();
  private final List<Integer> funcTypes = new ArrayList<>();
  private final List<byte[]> bodies = new ArrayList<>();
  private final List<String> exportNames = new ArrayList<>();
  private final List<Integer> exportFuncs = new ArrayList<>();
  private int tableSize = -1;
  private int memoryPages = -1;

  /** Adds a function type; returns its index. */
  int type(int[] params, int[] results) {
    Bytes b = new Bytes();
    b.u8(0x60).u32(params.length);
    for (int p : params) {
      b.u8(p);
    }
    b.u32(results.length);
    for (int r : results) {
      b.u8(r);
    }
    types.add(b.toByteArray());
    return types.size() - 1;
  }

  /** Adds a function with the given locals (groups of (count, type)) and code (without end). */
  int function(int type, int[][] locals, byte[] code) {
    Bytes body = new Bytes();
    body.u32(locals.length);
    for (int[] l : locals) {
      body.u32(l[0]).u8(l[1]);
    }
    body.bytes(code).u8(0x0B);
    funcTypes.add(type);
    bodies.add(body.toByteArray());
    return funcTypes.size() - 1;
  }

  void export(String name, int func) {
    exportNames.add(name);
    exportFuncs.add(func);
  }

  /** A funcref table holding every function, in order, from index 0. */
  void tableOfAllFunctions() {
    tableSize = 0;
  }

  void memory(int pages) {
    memoryPages = pages;
  }

  byte[] build() {
    Bytes out = new Bytes();
    out.bytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
    Bytes s = new Bytes().u32(types.size());
    types.forEach(s::bytes);
    section(out, 1, s);
    s = new Bytes().u32(funcTypes.size());
    funcTypes.forEach(s::u32);
    section(out, 3, s);
    if (tableSize >= 0) {
      int n = funcTypes.size();
      section(out, 4, new Bytes().u32(1).u8(0x70).u8(0).u32(n));
    }
    if (memoryPages >= 0) {
      section(out, 5, new Bytes().u32(1).u8(0).u32(memoryPages));
    }
    s = new Bytes().u32(exportNames.size());
    for (int i = 0; i < exportNames.size(); i++) {
      byte[] name = exportNames.get(i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      s.u32(name.length).bytes(name).u8(0).u32(exportFuncs.get(i));
    }
    section(out, 7, s);
    if (tableSize >= 0) {
      int n = funcTypes.size();
      s = new Bytes().u32(1).u8(0).u8(0x41).s32(0).u8(0x0B).u32(n);
      for (int i = 0; i < n; i++) {
        s.u32(i);
      }
      section(out, 9, s);
    }
    s = new Bytes().u32(bodies.size());
    for (byte[] b : bodies) {
      s.u32(b.length).bytes(b);
    }
    section(out, 10, s);
    return out.toByteArray();
  }

  private static void section(Bytes out, int id, Bytes content) {
    byte[] c = content.toByteArray();
    out.u8(id).u32(c.length).bytes(c);
  }

  /** A growable byte buffer with LEB128 writers; also used to write function code. */
  static final class Bytes {
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

    Bytes u8(int b) {
      buf.write(b);
      return this;
    }

    Bytes bytes(byte[] b) {
      buf.writeBytes(b);
      return this;
    }

    Bytes u32(long v) {
      do {
        int b = (int) (v & 0x7F);
        v >>>= 7;
        buf.write(v != 0 ? b | 0x80 : b);
      } while (v != 0);
      return this;
    }

    Bytes s32(long v) {
      boolean more = true;
      while (more) {
        int b = (int) (v & 0x7F);
        v >>= 7;
        if ((v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0)) {
          more = false;
        } else {
          b |= 0x80;
        }
        buf.write(b);
      }
      return this;
    }

    // A few instructions, named as in the text format.
    Bytes localGet(int i) {
      return u8(0x20).u32(i);
    }

    Bytes localSet(int i) {
      return u8(0x21).u32(i);
    }

    Bytes localTee(int i) {
      return u8(0x22).u32(i);
    }

    Bytes i32Const(int v) {
      return u8(0x41).s32(v);
    }

    Bytes op(int opcode) {
      return u8(opcode);
    }

    int size() {
      return buf.size();
    }

    byte[] toByteArray() {
      return buf.toByteArray();
    }
  }
}
