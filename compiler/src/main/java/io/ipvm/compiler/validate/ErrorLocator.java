package io.ipvm.compiler.validate;

import com.dylibso.chicory.wasm.Parser;
import io.ipvm.compiler.BinaryLayout;
import java.io.ByteArrayInputStream;
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
      long[] size = BinaryLayout.readU32(wasm, pos);
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
    } catch (RuntimeException | AssertionError expected) {
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
    BinaryLayout layout = BinaryLayout.scan(wasm);
    if (layout == null || layout.bodies().isEmpty()) {
      return null;
    }
    int n = layout.bodies().size();
    byte[] allStubbed = layout.stubbingBodies(0, n);
    if (!parses(allStubbed)) {
      return null; // the error is not (only) in function bodies
    }
    // The first failing body (the one the parser, validating in order, reports): the shortest
    // prefix of bodies that fails with all later bodies stubbed ends with it. Failing is monotone
    // in the prefix length, so bisect on it; this stays right when several bodies are invalid.
    int lo = 0; // bodies [0, lo) with the rest stubbed parse
    int hi = n; // bodies [0, hi) with the rest stubbed fail
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (parses(layout.stubbingBodies(mid, n))) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return new Location(
        layout.bodies().get(lo).start(), importedFunctions(allStubbed) + lo, "code");
  }

  // Chicory's parser asserts on some malformed bodies (an else closing no if): with -ea that
  // AssertionError is its way of failing, like the RuntimeExceptions it throws otherwise.
  private static boolean parses(byte[] wasm) {
    try {
      Parser.parse(wasm);
      return true;
    } catch (RuntimeException | AssertionError e) {
      return false;
    }
  }

  private static int importedFunctions(byte[] wasm) {
    try {
      return Parser.parse(wasm)
          .importSection()
          .count(com.dylibso.chicory.wasm.types.ExternalType.FUNCTION);
    } catch (RuntimeException | AssertionError e) {
      return 0;
    }
  }

  /** The spec's name of section {@code id} ("data count"), or "unknown (id N)". */
  static String sectionName(int id) {
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
      default -> "unknown (id " + id + ")";
    };
  }
}
