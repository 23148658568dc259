package io.ipvm.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.util.Textifier;
import org.objectweb.asm.util.TraceMethodVisitor;

/**
 * A {@link ModulePlan} computes the module-level facts once; every function compiled from it alone
 * has the code the whole-module compile gives it (relinkable code, whose calls do not name the
 * callee's class; the methods are compared instruction by instruction, class names aside).
 */
class ModulePlanTest {
  private static final Path WORKLOADS = Path.of("..", "jmh-benchmarks", "workloads");

  @Test
  void everyFunctionCompiledFromThePlanMatchesTheWholeCompile() throws Exception {
    for (String name : List.of("json.wasm", "sha256.wasm", "script.wasm")) {
      byte[] wasm = Files.readAllBytes(WORKLOADS.resolve(name));
      for (CompileOptions options :
          List.of(
              CompileOptions.DEFAULT.withRelinkable(true),
              CompileOptions.METERED.withRelinkable(true))) {
        CompiledModule whole = ModuleCompiler.compile(wasm, options, 1);
        Map<String, String> wholeMethods = new TreeMap<>();
        for (byte[] c : whole.classes().values()) {
          wholeMethods.putAll(methods(c));
        }
        ModulePlan plan = ModulePlan.prepare(wasm, options);
        assertEquals(whole.exactMemory(), plan.declarations().exactMemory(), name);
        assertEquals(1, plan.declarations().classes().size(), "the context class only");
        for (CompiledFunction f : whole.functions()) {
          String cls = ModuleCompiler.PACKAGE + "Function" + f.index();
          FunctionClass one = plan.compileFunction(f.index(), cls);
          assertEquals(f.method(), one.function().method());
          assertEquals(f.descriptor(), one.function().descriptor());
          Map<String, String> own = methods(one.bytes());
          for (Map.Entry<String, String> m : own.entrySet()) {
            if (m.getKey().startsWith("f" + f.index() + "(")
                || m.getKey().startsWith("f" + f.index() + "$")) {
              assertEquals(wholeMethods.get(m.getKey()), m.getValue(), name + " " + m.getKey());
            }
          }
          assertTrue(own.containsKey(f.method() + f.descriptor()), name + " " + f);
        }
      }
    }
  }

  @Test
  void onlyDefinedFunctionsCompile() throws Exception {
    ModulePlan plan =
        ModulePlan.prepare(
            Files.readAllBytes(WORKLOADS.resolve("fib.wasm")), CompileOptions.DEFAULT);
    assertThrows(IllegalArgumentException.class, () -> plan.compileFunction(-1, "x/Y"));
    assertThrows(IllegalArgumentException.class, () -> plan.compileFunction(1 << 20, "x/Y"));
  }

  /** Method name+descriptor → its instructions as text, generated class names replaced. */
  private static Map<String, String> methods(byte[] bytes) {
    ClassNode cn = new ClassNode();
    new ClassReader(bytes).accept(cn, 0);
    Map<String, String> out = new TreeMap<>();
    for (MethodNode m : cn.methods) {
      Textifier t = new Textifier();
      m.accept(new TraceMethodVisitor(t));
      StringWriter w = new StringWriter();
      t.print(new PrintWriter(w));
      out.put(
          m.name + m.desc,
          w.toString().replaceAll("io/ipvm/generated/(Functions\\d+|Function\\d+)", "OWNER"));
    }
    return out;
  }
}
