package io.ipvm.compiler.validate;

import com.dylibso.chicory.wasm.Parser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds where a module the parser rejected went wrong, for the error message. Chicory's exceptions
 * say what is wrong but not where, so this works it out after the fact (only on the error path):
 *
 * <ul>
 *   <li>the section: by walking the section headers, and by which sections the parser completed
 *       before it failed;
 *   <li>the function: by bisection — bodies of half the functions are replaced with {@code
 *       unreachable} (valid for every type) until the one whose body causes the error is found.
 * </ul>
 */
public final class ErrorLocator {
  private ErrorLocator() {}

  /**
   * Where the error is.
   *
   * @param byteOffset offset of the failing function body or section, or -1
   * @param functionIndex index of the failing function (imports first), or -1
   * @param section name of the failing section, or null
   */
  public record Location(long byteOffset, int functionIndex, String section) {}

  private record SectionSpan(int id, int start, int contentStart, int end) {}

  /** Best-effort location of the error that {@code Parser.parse(wasm)} reports. */
  public static Location locate(byte[] wasm) {
    List<SectionSpan> sections = new ArrayList<>();
    int pos = 8;
    while (pos < wasm.length) {
      int start = pos;
      int id = wasm[pos++] & 0xFF;
      long[] size = readU32(wasm, pos);
      if (size == null) {
        return new Location(start, -1, sectionName(id));
      }
      pos = (int) size[1];
      long end = pos + size[0];
      if (end > wasm.length) {
        return new Location(start, -1, sectionName(id));
      }
      sections.add(new SectionSpan(id, start, pos, (int) end));
      pos = (int) end;
    }
    SectionSpan code = null;
    for (SectionSpan s : sections) {
      if (s.id() == 10) {
        code = s;
      }
    }
    if (code != null) {
      Location inBody = bisectBodies(wasm, code);
      if (inBody != null) {
        return inBody;
      }
    }
    // Which section did the parser not finish?
    List<Integer> completed = new ArrayList<>();
    try {
      Parser.builder()
          .build()
          .parse(new ByteArrayInputStream(wasm), s -> completed.add(s.sectionId()));
    } catch (RuntimeException expected) {
      // the failure being located
    }
    for (SectionSpan s : sections) {
      if (!completed.remove((Integer) s.id())) {
        return new Location(s.start(), -1, sectionName(s.id()));
      }
    }
    return new Location(-1, -1, null);
  }

  /** Finds the function body that makes the module fail, or null if no single body does. */
  private static Location bisectBodies(byte[] wasm, SectionSpan code) {
    long[] count = readU32(wasm, code.contentStart());
    if (count == null) {
      return null;
    }
    List<int[]> bodies = new ArrayList<>(); // {start of size field, end}
    int pos = (int) count[1];
    for (long i = 0; i < count[0]; i++) {
      long[] size = readU32(wasm, pos);
      if (size == null || size[1] + size[0] > code.end()) {
        return null;
      }
      int end = (int) (size[1] + size[0]);
      bodies.add(new int[] {pos, end});
      pos = end;
    }
    if (bodies.isEmpty() || !parses(stub(wasm, code, bodies, 0, bodies.size()))) {
      return null; // the error is not (only) in function bodies
    }
    int lo = 0;
    int hi = bodies.size(); // the culprit is in [lo, hi)
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (parses(stub(wasm, code, bodies, lo, mid))) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    int imported = importedFunctions(stub(wasm, code, bodies, 0, bodies.size()));
    return new Location(bodies.get(lo)[0], imported + lo, "code");
  }

  private static boolean parses(byte[] wasm) {
    try {
      Parser.parse(wasm);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static int importedFunctions(byte[] wasm) {
    try {
      return Parser.parse(wasm)
          .importSection()
          .count(com.dylibso.chicory.wasm.types.ExternalType.FUNCTION);
    } catch (RuntimeException e) {
      return 0;
    }
  }

  /** A copy of the module with bodies [from, to) replaced by {@code unreachable}. */
  private static byte[] stub(byte[] wasm, SectionSpan code, List<int[]> bodies, int from, int to) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    writeU32(content, bodies.size());
    for (int i = 0; i < bodies.size(); i++) {
      int[] b = bodies.get(i);
      if (i >= from && i < to) {
        content.write(3); // body size
        content.write(0); // no locals
        content.write(0x00); // unreachable
        content.write(0x0B); // end
      } else {
        content.write(wasm, b[0], b[1] - b[0]);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(wasm, 0, code.start());
    out.write(10);
    writeU32(out, content.size());
    out.writeBytes(content.toByteArray());
    out.write(wasm, code.end(), wasm.length - code.end());
    return out.toByteArray();
  }

  /** {value, position after} or null when truncated or too long. */
  private static long[] readU32(byte[] b, int pos) {
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

  private static void writeU32(ByteArrayOutputStream out, long v) {
    do {
      int b = (int) (v & 0x7F);
      v >>>= 7;
      out.write(v != 0 ? b | 0x80 : b);
    } while (v != 0);
  }

  private static String sectionName(int id) {
    return switch (id) {
      case 0 -> "custom";
      case 1 -> "type";
      case 2 -> "import";
      case 3 -> "function";
      case 4 -> "table";
      case 5 -> "memory";
      case 6 -> "global";
      case 7 -> "export";
      case 8 -> "start";
      case 9 -> "element";
      case 10 -> "code";
      case 11 -> "data";
      case 12 -> "data count";
      default -> "unknown section " + id;
    };
  }
}
