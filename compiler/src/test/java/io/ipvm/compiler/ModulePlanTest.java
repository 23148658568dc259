package io.ipvm.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wasm.types.OpCode;
import io.ipvm.compiler.validate.InvalidModuleException;
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

  @Test
  void thePlanKeepsNoDecodedBodyAndDecodesOneWhenCompiling() throws Exception {
    byte[] wasm = Files.readAllBytes(WORKLOADS.resolve("json.wasm"));
    CompileOptions options = CompileOptions.DEFAULT.withRelinkable(true);
    // Groups of 1 KB: many groups, validated on two threads.
    ModulePlan plan = ModulePlan.prepare(wasm, options, 2, 1024);
    var code = plan.declarations().module().codeSection();
    assertTrue(code.functionBodyCount() > 10);
    for (int i = 0; i < code.functionBodyCount(); i++) {
      var ins = code.getFunctionBody(i).instructions();
      assertEquals(2, ins.size(), "body " + i + " is a stub (unreachable, end)");
      assertEquals(OpCode.UNREACHABLE, ins.get(0).opcode());
    }
    // The facts match those of a one-group, one-thread plan; compiled code matches too.
    ModulePlan one = ModulePlan.prepare(wasm, options, 1, Integer.MAX_VALUE);
    assertEquals(one.facts(), plan.facts());
    int imported = plan.declarations().importedFunctions();
    int last = imported + code.functionBodyCount() - 1;
    assertEquals(
        methods(one.compileFunction(last, "io/ipvm/generated/F").bytes()),
        methods(plan.compileFunction(last, "io/ipvm/generated/F").bytes()));
  }

  @Test
  void factsRoundTripAndAPlanFromThemCompilesTheSameCode() throws Exception {
    byte[] wasm = Files.readAllBytes(WORKLOADS.resolve("sha256.wasm"));
    CompileOptions options = CompileOptions.DEFAULT.withRelinkable(true);
    ModulePlan plan = ModulePlan.prepare(wasm, options);
    ModulePlan.Facts facts = ModulePlan.Facts.fromBytes(plan.facts().toBytes());
    assertEquals(plan.facts(), facts);
    ModulePlan again = ModulePlan.prepareValidated(wasm, options, facts);
    assertEquals(plan.declarations().exactMemory(), again.declarations().exactMemory());
    int imported = plan.declarations().importedFunctions();
    for (int f = imported; f < plan.declarations().functionTypes().size(); f++) {
      FunctionClass a = plan.compileFunction(f, "io/ipvm/generated/F");
      assertEquals(
          methods(a.bytes()), methods(again.compileFunction(f, "io/ipvm/generated/F").bytes()));
      assertEquals(a.function(), again.describe(f, "io/ipvm/generated/F"));
    }
    assertThrows(IllegalArgumentException.class, () -> ModulePlan.Facts.fromBytes(new byte[3]));
  }

  /**
   * (module (func (result i32) i32.const 1) ... (func (result i32) i64.const 1)): the declarations
   * are valid, the last body is not.
   */
  private static byte[] invalidLastBody(int validBodies) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
    out.writeBytes(new byte[] {1, 5, 1, 0x60, 0, 1, 0x7F});
    int n = validBodies + 1;
    java.io.ByteArrayOutputStream funcs = new java.io.ByteArrayOutputStream();
    BinaryLayout.writeU32(funcs, n);
    java.io.ByteArrayOutputStream code = new java.io.ByteArrayOutputStream();
    BinaryLayout.writeU32(code, n);
    for (int i = 0; i < n; i++) {
      funcs.write(0);
      code.writeBytes(new byte[] {4, 0, (byte) (i < validBodies ? 0x41 : 0x42), 1, 0x0B});
    }
    out.write(3);
    BinaryLayout.writeU32(out, funcs.size());
    out.writeBytes(funcs.toByteArray());
    out.write(10);
    BinaryLayout.writeU32(out, code.size());
    out.writeBytes(code.toByteArray());
    return out.toByteArray();
  }

  @Test
  void anInvalidBodyIsRejectedWhenThePlanIsPreparedWithTheEagerError() {
    for (int valid : List.of(0, 3, 500)) {
      byte[] wasm = invalidLastBody(valid);
      InvalidModuleException eager =
          assertThrows(
              InvalidModuleException.class,
              () -> ModuleCompiler.compile(wasm, CompileOptions.DEFAULT));
      InvalidModuleException lazy =
          assertThrows(
              InvalidModuleException.class,
              () -> ModulePlan.prepare(wasm, CompileOptions.DEFAULT, 2, 64));
      assertEquals(eager.getMessage(), lazy.getMessage());
      assertEquals(valid, lazy.functionIndex());
      assertEquals(eager.byteOffset(), lazy.byteOffset());
    }
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
