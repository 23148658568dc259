package io.ipvm.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvm.compiler.CompileOptions;
import io.ipvm.compiler.CompiledFunction;
import io.ipvm.profiler.SpecializationPolicy;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The compiler's constant folding of specialized variants ({@code ir.ConstantFolding}): what the
 * fixed arguments decide is gone from the variant's bytecode — a {@code call_indirect} on a fixed
 * function pointer is a direct call, branches on fixed values are decided — and every call gives
 * what the general code gives, traps included. Only tables nothing can change are trusted.
 */
class ConstantFoldingTest {
  private static final CompileOptions RELINKABLE = CompileOptions.DEFAULT.withRelinkable(true);

  /** The linkage under test: relinkable here, entry checks in {@link EntryCheckFoldingTest}. */
  CompileOptions options() {
    return RELINKABLE;
  }

  /**
   * {@code $apply(fp, x)} calls table entry {@code fp}; {@code $pow(x, n)} has branches on {@code
   * n} and a loop {@code n} times; {@code $div(a, b)} divides. Functions: 0 $double, 1 $square, 2
   * $apply, 3 $pow, 4 $div, 5 $other (another type).
   */
  private static String module(String tableDecl, String extra) {
    return """
        (module
          (type $un (func (param i32) (result i32)))
          %s
          (elem (i32.const 0) $double $square $other)
          (func $double (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
          (func $square (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
          (func $apply (export "apply") (param $fp i32) (param $x i32) (result i32)
            (call_indirect (type $un) (local.get $x) (local.get $fp)))
          (func $pow (export "pow") (param $x i32) (param $n i32) (result i32)
            (local $acc i32) (local $step i32) (local $i i32)
            (local.set $step (i32.const 1))
            (if (i32.eqz (local.get $n)) (then (return (i32.const 1))))
            (if (i32.lt_s (local.get $n) (i32.const 0)) (then (unreachable)))
            (local.set $acc (i32.const 1))
            (local.set $i (local.get $n))
            (block $done
              (loop $next
                (br_if $done (i32.eqz (local.get $i)))
                (local.set $acc (i32.mul (local.get $acc) (local.get $x)))
                (local.set $i (i32.sub (local.get $i) (local.get $step)))
                (br $next)))
            (i32.add (local.get $acc) (i32.mul (local.get $step) (i32.const 0))))
          (func $div (export "div") (param $a i32) (param $b i32) (result i32)
            (i32.add (i32.div_s (local.get $a) (local.get $b))
                     (i32.div_s (i32.const 7) (i32.add (local.get $b) (i32.const 1)))))
          (func $other (param i64) (result i64) (local.get 0))
          (func $select (export "select") (param $a i32) (param $c i32) (param $big i64)
            (result i32)
            (select (local.get $a) (i32.wrap_i64 (local.get $big)) (local.get $c)))
          (func $reuse (export "reuse") (param $fp i32) (param $x i32) (result i32)
            (local.set $fp (call_indirect (type $un) (local.get $x) (local.get $fp)))
            (if (i32.gt_s (local.get $x) (i32.const 100)) (then (local.set $x (i32.const 1))))
            (loop $l
              (local.set $fp (i32.add (local.get $fp) (i32.add (local.get $x) (i32.const 1))))
              (br_if $l (i32.lt_s (local.get $fp) (i32.const 50))))
            (local.get $fp))
          %s)
        """
        .formatted(tableDecl, extra);
  }

  private static final String PRIVATE_TABLE = "(table 3 funcref)";
  private static final int APPLY = 2;
  private static final int POW = 3;
  private static final int DIV = 4;
  private static final int SELECT = 6;
  private static final int REUSE = 7;

  private WasmModule compile(String wat) throws Exception {
    Engine engine =
        Engine.create(
            Engine.Config.defaults().withSpecialization(new SpecializationPolicy(1_000_000, 8)));
    return engine.compile(Wabt.wat2wasm(wat), options());
  }

  @Test
  void aFixedFunctionPointerBecomesADirectCall() throws Exception {
    WasmModule m = compile(module(PRIVATE_TABLE, ""));
    Instance general = m.instantiate(new Imports());
    int[] xs = {0, 1, 7, -3, 46341};
    Object[][] before = new Object[xs.length * 2][];
    for (int i = 0; i < xs.length; i++) {
      before[2 * i] = general.call("apply", 0, xs[i]);
      before[2 * i + 1] = general.call("apply", 1, xs[i]);
    }
    assertEquals(Set.of("indirect$0$0"), invoked(generalCode(m, APPLY)), "general: the bridge");

    CompiledFunction square = m.specialize(APPLY, Map.of(0, 1));
    CompiledFunction dbl = m.specialize(APPLY, Map.of(0, 0));
    assertEquals(Set.of("f1"), invoked(variantCode(m, square)), "fp = 1: calls $square");
    assertEquals(Set.of("f0"), invoked(variantCode(m, dbl)), "fp = 0: calls $double");

    Instance inst = m.instantiate(new Imports());
    for (int i = 0; i < xs.length; i++) {
      assertArrayEquals(before[2 * i], inst.call("apply", 0, xs[i]));
      assertArrayEquals(before[2 * i + 1], inst.call("apply", 1, xs[i]));
      assertArrayEquals(new Object[] {xs[i] * 2}, inst.call("apply", 0, xs[i]));
    }
  }

  @Test
  void entriesOfTheWrongTypeNullOrOutOfRangeStillTrapInTheVariant() throws Exception {
    WasmModule m = compile(module(PRIVATE_TABLE, ""));
    Instance inst = m.instantiate(new Imports());
    for (int fp : new int[] {2, 3, -1}) {
      CompiledFunction v = m.specialize(APPLY, Map.of(0, fp));
      assertEquals(Set.of("indirect$0$0"), invoked(variantCode(m, v)), "fp = " + fp);
    }
    assertEquals(
        "indirect call type mismatch",
        assertTrapMessage(() -> inst.call("apply", 2, 5)),
        "entry 2 holds $other");
    assertEquals("undefined element", assertTrapMessage(() -> inst.call("apply", 3, 5)));
    assertEquals("undefined element", assertTrapMessage(() -> inst.call("apply", -1, 5)));
  }

  @Test
  void tablesOthersCanChangeAreNotTrusted() throws Exception {
    // Exported: the host may set its entries.
    WasmModule exported = compile(module("(table (export \"t\") 3 funcref)", ""));
    assertEquals(
        Set.of("indirect$0$0"),
        invoked(variantCode(exported, exported.specialize(APPLY, Map.of(0, 1)))));
    // Imported: shared with others.
    WasmModule imported = compile(module("(import \"env\" \"t\" (table 3 funcref))", ""));
    assertEquals(
        Set.of("indirect$0$0"),
        invoked(variantCode(imported, imported.specialize(APPLY, Map.of(0, 1)))));
    // Changed by the module itself.
    String setter = "(func (export \"swap\") (table.set 0 (i32.const 1) (ref.func $double)))";
    WasmModule written = compile(module(PRIVATE_TABLE, setter));
    assertEquals(
        Set.of("indirect$0$0"),
        invoked(variantCode(written, written.specialize(APPLY, Map.of(0, 1)))));
    Instance inst = written.instantiate(new Imports());
    assertArrayEquals(new Object[] {36}, inst.call("apply", 1, 6));
    inst.call("swap");
    assertArrayEquals(new Object[] {12}, inst.call("apply", 1, 6), "the new entry is called");
  }

  @Test
  void branchesOnFixedValuesAreDecidedAndTheLoopKeepsItsMeaning() throws Exception {
    WasmModule m = compile(module(PRIVATE_TABLE, ""));
    Instance general = m.instantiate(new Imports());
    int generalLength = generalCode(m, POW).codeLength();
    for (int n : new int[] {0, 1, 5, -2}) {
      CompiledFunction v = m.specialize(POW, Map.of(1, n));
      // Both ifs on $n are decided, $step (set once to 1) is a constant, `step * 0` is gone.
      assertTrue(
          variantCode(m, v).codeLength() < generalLength,
          "variant n = " + n + " is smaller than the general code");
    }
    Instance inst = m.instantiate(new Imports());
    for (int n : new int[] {0, 1, 5, 3}) {
      for (int x : new int[] {0, 2, -3, 100_000}) {
        assertArrayEquals(general.call("pow", x, n), inst.call("pow", x, n), x + "^" + n);
      }
    }
    assertEquals("unreachable", assertTrapMessage(() -> inst.call("pow", 2, -2)));
  }

  @Test
  void aFoldedDivisionThatWouldTrapStaysToTrap() throws Exception {
    WasmModule m = compile(module(PRIVATE_TABLE, ""));
    Instance inst = m.instantiate(new Imports());
    CompiledFunction zero = m.specialize(DIV, Map.of(1, 0));
    CompiledFunction minusOne = m.specialize(DIV, Map.of(1, -1));
    CompiledFunction three = m.specialize(DIV, Map.of(1, 3));
    assertTrue(variantCode(m, three).codeLength() < generalCode(m, DIV).codeLength());
    assertEquals("integer divide by zero", assertTrapMessage(() -> inst.call("div", 5, 0)));
    // b = -1: 7 / (b + 1) divides by zero, found at compile time and kept to trap at run time.
    assertEquals("integer divide by zero", assertTrapMessage(() -> inst.call("div", 5, -1)));
    assertArrayEquals(new Object[] {10 / 3 + 7 / 4}, inst.call("div", 10, 3));
    assertFalse(zero.owner().equals(minusOne.owner()));
  }

  @Test
  void aFixedParameterIsAConstantUntilItIsWritten() throws Exception {
    // $reuse reads $fp as the entry, then reuses it for other values, in an if and in a loop.
    WasmModule m = compile(module(PRIVATE_TABLE, ""));
    Instance general = m.instantiate(new Imports());
    int[] xs = {0, 3, 7, 101};
    Object[][] before = new Object[xs.length][];
    for (int i = 0; i < xs.length; i++) {
      before[i] = general.call("reuse", 1, xs[i]);
    }
    CompiledFunction v = m.specialize(REUSE, Map.of(0, 1));
    assertEquals(Set.of("f1"), invoked(variantCode(m, v)), "the read before any write is folded");
    Instance inst = m.instantiate(new Imports());
    for (int i = 0; i < xs.length; i++) {
      assertArrayEquals(before[i], inst.call("reuse", 1, xs[i]), "x = " + xs[i]);
    }
    assertArrayEquals(new Object[] {50}, inst.call("reuse", 1, 0), "0, then +1 up to 50");
    assertArrayEquals(new Object[] {10203}, inst.call("reuse", 1, 101), "101², x reset to 1: +2");
  }

  @Test
  void aSelectOnAFixedConditionKeepsTheOperandItPicks() throws Exception {
    // Found by fuzzing: the second operand is two instructions, not one push.
    WasmModule m = compile(module(PRIVATE_TABLE, ""));
    Instance inst = m.instantiate(new Imports());
    m.specialize(SELECT, Map.of(1, 0));
    m.specialize(SELECT, Map.of(1, 1));
    long big = 0x1_0000_0007L;
    assertArrayEquals(new Object[] {7}, inst.call("select", 5, 0, big));
    assertArrayEquals(new Object[] {5}, inst.call("select", 5, 1, big));
  }

  @Test
  void aMeteredVariantUsesTheFuelOfTheGeneralCode() throws Exception {
    String wat = module(PRIVATE_TABLE, "");
    Engine engine =
        Engine.create(
            Engine.Config.defaults().withSpecialization(new SpecializationPolicy(1_000_000, 8)));
    CompileOptions metered =
        options().entryChecks()
            ? CompileOptions.METERED.withEntryChecks(true)
            : CompileOptions.METERED.withRelinkable(true);
    WasmModule m = engine.compile(Wabt.wat2wasm(wat), metered);
    long generalPow = fuelOf(m, "pow", 3, 4);
    long generalApply = fuelOf(m, "apply", 1, 9);
    m.specialize(POW, Map.of(1, 4));
    m.specialize(APPLY, Map.of(0, 1));
    assertEquals(generalPow, fuelOf(m, "pow", 3, 4));
    assertEquals(generalApply, fuelOf(m, "apply", 1, 9));
  }

  private static long fuelOf(WasmModule m, String export, int a, int b) {
    Instance inst = m.instantiate(new Imports(), new Limits(1_000_000, Long.MAX_VALUE));
    inst.call(export, a, b);
    return inst.fuelConsumed();
  }

  private static String assertTrapMessage(org.junit.jupiter.api.function.Executable call) {
    return org.junit.jupiter.api.Assertions.assertThrows(WasmTrap.class, call).kind().message();
  }

  /** The general code's method: {@code f<N>}, or behind an entry check {@code f<N>$body}. */
  private CodeAttribute generalCode(WasmModule m, int function) {
    return method(
        m.compiled().classes().values(), "f" + function + (options().entryChecks() ? "$body" : ""));
  }

  private static CodeAttribute variantCode(WasmModule m, CompiledFunction v) {
    return method(List.of(m.replacementBytes(v.owner())), "f" + v.index());
  }

  private static CodeAttribute method(Iterable<byte[]> classes, String name) {
    for (byte[] cls : classes) {
      for (var mm : ClassFile.of().parse(cls).methods()) {
        if (mm.methodName().equalsString(name)) {
          return mm.findAttribute(Attributes.code()).orElseThrow();
        }
      }
    }
    throw new AssertionError("no method " + name);
  }

  /** Names of the guest functions and bridges the code calls (not runtime helpers). */
  private static Set<String> invoked(CodeAttribute code) {
    Set<String> out = new TreeSet<>();
    code.elementStream()
        .forEach(
            e -> {
              String name = null;
              if (e instanceof InvokeInstruction i) {
                name = i.name().stringValue();
              } else if (e instanceof InvokeDynamicInstruction d) {
                name = d.name().stringValue();
              }
              if (name != null && name.matches("f\\d+|indirect\\$.*")) {
                out.add(name);
              }
            });
    return out;
  }
}
