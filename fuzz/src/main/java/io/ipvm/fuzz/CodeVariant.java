package io.ipvm.fuzz;

import io.ipvm.compiler.CompileOptions;
import io.ipvm.runtime.Engine;
import io.ipvm.runtime.WasmModule;
import java.util.ArrayList;
import java.util.List;

/**
 * Which of ipvm-jvm's code variants a campaign compiles to: every variant must run every module
 * exactly as V8 does, so each is fuzzed on its own ({@code fuzz/run.sh --split-budget 100 --lazy}).
 *
 * @param splitBudget the split budget ({@link CompileOptions#withSplitBudget}), or 0 for the
 *     compiler's default; a small budget splits the generated modules' functions, most of them too
 *     small to be split otherwise, into many chunk methods, so the splitter meets every shape the
 *     fuzzer makes
 * @param ladders whether {@code switch}-shaped nests of blocks in split functions become ladders
 *     ({@link CompileOptions#withLadders}; the default)
 * @param relinkable whether calls go through relinkable call sites ({@link
 *     CompileOptions#withRelinkable})
 * @param lazy whether each function is compiled when it is first called ({@link
 *     Engine#compileLazily})
 * @param specialized whether every function is specialized on the numeric arguments of its first
 *     call ({@code SpecializationPolicy.forced()}; implies relinkable code): from the second call
 *     on, calls with the same arguments run a variant compiled with them as constants
 */
public record CodeVariant(
    int splitBudget, boolean ladders, boolean relinkable, boolean lazy, boolean specialized) {
  /** The default variant: what {@code WasmModule.compile} makes. */
  public static final CodeVariant DEFAULT = new CodeVariant(0, true, false, false, false);

  /** Checks the split budget. */
  public CodeVariant {
    if (splitBudget != 0
        && (splitBudget < CompileOptions.MIN_SPLIT_BUDGET
            || splitBudget > CompileOptions.DEFAULT_SPLIT_BUDGET)) {
      throw new IllegalArgumentException(
          "split budget must be 0 (the default) or between "
              + CompileOptions.MIN_SPLIT_BUDGET
              + " and "
              + CompileOptions.DEFAULT_SPLIT_BUDGET
              + ": "
              + splitBudget);
    }
  }

  /** This variant with the split budget set as given. */
  public CodeVariant withSplitBudget(int budget) {
    return new CodeVariant(budget, ladders, relinkable, lazy, specialized);
  }

  /** This variant with ladders on or off. */
  public CodeVariant withLadders(boolean on) {
    return new CodeVariant(splitBudget, on, relinkable, lazy, specialized);
  }

  /** This variant with relinkable calls on or off. */
  public CodeVariant withRelinkable(boolean on) {
    return new CodeVariant(splitBudget, ladders, on, lazy, specialized);
  }

  /** This variant with lazy compilation on or off. */
  public CodeVariant withLazy(boolean on) {
    return new CodeVariant(splitBudget, ladders, relinkable, on, specialized);
  }

  /** This variant with forced specialization on or off. */
  public CodeVariant withSpecialized(boolean on) {
    return new CodeVariant(splitBudget, ladders, relinkable, lazy, on);
  }

  /** {@code base} (plain or metered) with this variant's options. */
  CompileOptions options(CompileOptions base) {
    CompileOptions o = splitBudget == 0 ? base : base.withSplitBudget(splitBudget);
    o = o.withLadders(ladders);
    // Forced specialization runs on the adaptive tier's linkage (entry checks), unless the
    // variant asks for relinkable code.
    return relinkable ? o.withRelinkable(true) : o.withEntryChecks(specialized);
  }

  /** Compiles {@code wasm} in this variant from {@code base} options. */
  WasmModule compile(byte[] wasm, CompileOptions base) {
    if (lazy) {
      return Engine.create(Engine.Config.defaults()).compileLazily(wasm, options(base));
    }
    if (specialized) {
      return Engine.create(
              Engine.Config.defaults()
                  .withSpecialization(io.ipvm.profiler.SpecializationPolicy.forced()))
          .compile(wasm, options(base));
    }
    return WasmModule.compile(wasm, options(base));
  }

  /**
   * The command-line options that select this variant (empty for the default), each with a space
   * before.
   */
  public String flags() {
    List<String> f = new ArrayList<>();
    if (splitBudget != 0) {
      f.add("--split-budget " + splitBudget);
    }
    if (!ladders) {
      f.add("--no-ladders");
    }
    if (relinkable) {
      f.add("--relinkable");
    }
    if (lazy) {
      f.add("--lazy");
    }
    if (specialized) {
      f.add("--specialized");
    }
    return f.isEmpty() ? "" : " " + String.join(" ", f);
  }

  @Override
  public String toString() {
    String f = flags().strip();
    return f.isEmpty() ? "default" : f;
  }
}
