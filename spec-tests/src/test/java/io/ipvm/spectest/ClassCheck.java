package io.ipvm.spectest;

import io.ipvm.runtime.WasmModule;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Runs ASM's {@link CheckClassAdapter#verify} (structure plus a data-flow analysis of every method
 * with {@link org.objectweb.asm.tree.analysis.SimpleVerifier}) on each generated class.
 */
final class ClassCheck {
  private ClassCheck() {}

  /** Returns null when every class passes, else a description of the first problem. */
  static String check(Map<String, byte[]> classes) {
    ClassLoader loader = new MapLoader(classes);
    for (Map.Entry<String, byte[]> e : classes.entrySet()) {
      StringWriter out = new StringWriter();
      try (PrintWriter pw = new PrintWriter(out)) {
        CheckClassAdapter.verify(new ClassReader(e.getValue()), loader, false, pw);
      } catch (Throwable t) {
        return e.getKey() + ": " + t;
      }
      if (out.getBuffer().length() > 0) {
        return e.getKey() + ": " + firstLines(out.toString(), 4);
      }
    }
    return null;
  }

  private static String firstLines(String s, int n) {
    String[] lines = s.strip().split("\\R");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(n, lines.length); i++) {
      sb.append(i == 0 ? "" : " | ").append(lines[i].strip());
    }
    return sb.toString();
  }

  /**
   * Lets the verifier load the module's own classes (for assignability checks) without touching the
   * module's real class loader.
   */
  private static final class MapLoader extends ClassLoader {
    private final Map<String, byte[]> classes;

    MapLoader(Map<String, byte[]> classes) {
      super("ipvm-spec-check", WasmModule.class.getClassLoader());
      this.classes = classes;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      byte[] b = classes.get(name);
      if (b == null) {
        throw new ClassNotFoundException(name);
      }
      return defineClass(name, b, 0, b.length);
    }
  }
}
