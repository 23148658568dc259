package io.ipvm.compiler;

/**
 * Every setting that changes the code {@link ModuleCompiler} generates. Two compilations of the
 * same module with equal options produce the same classes, so the options are part of the
 * compiled-class cache key ({@link #key()}).
 *
 * @param metered whether the generated code counts fuel and checks the fuel limit and the deadline
 *     (the "limited" variant; unmetered code pays nothing for limits it does not have)
 * @param hugeMethods whether a function with a loop too big for one 8,000-byte method may be
 *     emitted as one method of up to 60,000 bytes instead of being split into methods that pass its
 *     locals through a frame array on every iteration (an interpreter's dispatch loop: 20× faster).
 *     Only right when the JVM JIT-compiles huge methods ({@link JitLimits#hugeMethodsCompiled()},
 *     {@code -XX:-DontCompileHugeMethods}); otherwise such a method would run interpreted
 * @param splitBudget the estimated bytecode size above which a function is split into several
 *     methods ({@code FunctionEmitter.BUDGET}, 7,000, by default). Smaller budgets split even small
 *     functions, and into many pieces: slower code, for tests and fuzzing of the splitter only
 * @param relinkable whether calls between the module's functions are linked through one replaceable
 *     call site per function ({@code invokedynamic}), so that a function's code can be replaced
 *     while instances run ({@code WasmModule.recompile}); otherwise they are direct {@code
 *     invokestatic}s (see compiler/README.md, "Calling convention", for what each costs)
 * @param ladders whether a split function's {@code switch}-shaped nests of blocks ("ladders") are
 *     emitted with their cases as sibling methods (compiler/README.md, "Splitting large
 *     functions"). On by default; off emits them as nested blocks, the biggest outlined rung after
 *     rung (a chain of methods as deep as the nest)
 * @param entryChecks whether each function's method is a small entry that either calls the
 *     function's code ({@code f<N>$body}) directly or, while the runtime has set the function's
 *     {@code ENTRY$<N>} flag, goes through the function's replaceable call site (profiling,
 *     variants behind guards): the adaptive tier's linkage. Calls between functions stay {@code
 *     invokestatic}, so a function the runtime leaves alone costs a flag test per call, not an
 *     {@code invokedynamic} (compiler/README.md, "Entry checks")
 */
public record CompileOptions(
    boolean metered,
    boolean hugeMethods,
    int splitBudget,
    boolean relinkable,
    boolean ladders,
    boolean entryChecks) {
  /** The default split budget ({@code FunctionEmitter.BUDGET}). */
  public static final int DEFAULT_SPLIT_BUDGET = 7000;

  /** Smallest split budget accepted: a chunk call alone is estimated at 160 bytes. */
  public static final int MIN_SPLIT_BUDGET = 100;

  /**
   * Checks the split budget.
   *
   * @throws IllegalArgumentException if {@code splitBudget} is outside {@link #MIN_SPLIT_BUDGET} ..
   *     {@link #DEFAULT_SPLIT_BUDGET}
   */
  public CompileOptions {
    if (relinkable && entryChecks) {
      throw new IllegalArgumentException("relinkable and entryChecks are two linkages: choose one");
    }
    if (splitBudget < MIN_SPLIT_BUDGET || splitBudget > DEFAULT_SPLIT_BUDGET) {
      throw new IllegalArgumentException(
          "splitBudget must be between "
              + MIN_SPLIT_BUDGET
              + " and "
              + DEFAULT_SPLIT_BUDGET
              + ", got "
              + splitBudget);
    }
  }

  /** Options without entry checks. */
  public CompileOptions(
      boolean metered, boolean hugeMethods, int splitBudget, boolean relinkable, boolean ladders) {
    this(metered, hugeMethods, splitBudget, relinkable, ladders, false);
  }

  /** Options with the default split budget, not relinkable, with ladders. */
  public CompileOptions(boolean metered, boolean hugeMethods) {
    this(metered, hugeMethods, DEFAULT_SPLIT_BUDGET, false, true);
  }

  /** Options with ladders. */
  public CompileOptions(boolean metered, boolean hugeMethods, int splitBudget, boolean relinkable) {
    this(metered, hugeMethods, splitBudget, relinkable, true);
  }

  /** Options that are not relinkable, with ladders. */
  public CompileOptions(boolean metered, boolean hugeMethods, int splitBudget) {
    this(metered, hugeMethods, splitBudget, false, true);
  }

  /** Plain code: no fuel counting, no deadline checks; huge methods if this JVM compiles them. */
  public static final CompileOptions DEFAULT =
      new CompileOptions(false, JitLimits.hugeMethodsCompiled());

  /** Code that meters fuel and checks the deadline; huge methods if this JVM compiles them. */
  public static final CompileOptions METERED =
      new CompileOptions(true, JitLimits.hugeMethodsCompiled());

  /** These options with {@code hugeMethods} set as given. */
  public CompileOptions withHugeMethods(boolean huge) {
    return new CompileOptions(metered, huge, splitBudget, relinkable, ladders, entryChecks);
  }

  /**
   * These options with functions split above {@code budget} estimated bytes instead of 7,000 (and
   * no huge methods, which would keep them whole): for tests and fuzzing of the splitter.
   */
  public CompileOptions withSplitBudget(int budget) {
    return new CompileOptions(metered, false, budget, relinkable, ladders, entryChecks);
  }

  /** These options with {@code relinkable} set as given. */
  public CompileOptions withRelinkable(boolean relink) {
    return new CompileOptions(metered, hugeMethods, splitBudget, relink, ladders, entryChecks);
  }

  /** These options with {@code ladders} set as given. */
  public CompileOptions withLadders(boolean on) {
    return new CompileOptions(metered, hugeMethods, splitBudget, relinkable, on, entryChecks);
  }

  /** These options with {@code entryChecks} set as given. */
  public CompileOptions withEntryChecks(boolean on) {
    return new CompileOptions(metered, hugeMethods, splitBudget, relinkable, ladders, on);
  }

  /** A stable text form of every option, for cache keys: e.g. {@code "metered=false"}. */
  public String key() {
    return "metered="
        + metered
        + (hugeMethods ? ",hugeMethods" : "")
        + (splitBudget != DEFAULT_SPLIT_BUDGET ? ",splitBudget=" + splitBudget : "")
        + (relinkable ? ",relinkable" : "")
        // Ladders are the default; the key names the variant without them (classes cached before
        // they became the default, keyed ",ladders"-less, are then compiled again).
        + (ladders ? "" : ",noLadders")
        + (entryChecks ? ",entryChecks" : "");
  }
}
