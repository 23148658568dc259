package io.ipvm.compiler;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.BitSet;

/**
 * A module validated and planned once, from which single functions are compiled: the declarations
 * (types, imports, globals, the context class) and the module-level facts a whole compile computes
 * (which functions count calls, which are referenced and so keep their loop nests inline, whether
 * the memory is exact) are found here once instead of on every {@link #compileFunction} call. What
 * lazy loading compiles functions from, one at a time, on first call.
 *
 * <p>The plan keeps the module's bytes, the parse of its declarations (every body replaced by
 * {@code unreachable}) and a few bits per function ({@link Facts}); not the decoded bodies. Every
 * body is decoded and validated when the plan is prepared (in batches, on several threads, each
 * batch dropped once its facts are noted) and decoded again, alone, when its function is compiled:
 * memory does not grow with the module's code, which for a 30 MB module was 1.5 GB.
 *
 * <p>Thread-safe: compilations of different functions are serialized on the plan.
 */
public final class ModulePlan {
  private final ModuleCompiler.Job job;
  private final CompileOptions options;
  private final Facts facts;

  /**
   * What the plan learns from the bodies while validating them, and all it needs of them before
   * compiling one: with these, a module validated earlier (by this compiler build) can be planned
   * again without decoding its bodies ({@link #prepareValidated}).
   *
   * @param growsMemory whether some body contains {@code memory.grow}
   * @param countsCalls the defined functions (indices among the defined ones) that count their
   *     calls ({@code CallCycles})
   * @param referenced the functions (indices with imports first) named by a {@code call} or {@code
   *     ref.func} in some body
   * @param writtenTables the tables (indices with imports first) some body may change: the target
   *     of a {@code table.set}, {@code table.grow}, {@code table.fill}, {@code table.copy} or
   *     {@code table.init} (a specialized variant trusts the entries of the others, see {@code
   *     StaticTables})
   */
  public record Facts(
      boolean growsMemory, BitSet countsCalls, BitSet referenced, BitSet writtenTables) {
    private static final int FORMAT = 2;

    /** A compact encoding, for a cache. */
    public byte[] toBytes() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (DataOutputStream d = new DataOutputStream(out)) {
        d.writeInt(FORMAT);
        d.writeBoolean(growsMemory);
        writeBits(d, countsCalls);
        writeBits(d, referenced);
        writeBits(d, writtenTables);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out.toByteArray();
    }

    /**
     * Decodes {@link #toBytes()}.
     *
     * @throws IllegalArgumentException if the bytes are not such an encoding
     */
    public static Facts fromBytes(byte[] bytes) {
      try (DataInputStream d = new DataInputStream(new ByteArrayInputStream(bytes))) {
        if (d.readInt() != FORMAT) {
          throw new IllegalArgumentException("not plan facts of format " + FORMAT);
        }
        boolean grows = d.readBoolean();
        BitSet counts = readBits(d);
        BitSet refs = readBits(d);
        BitSet tables = readBits(d);
        if (d.read() != -1) {
          throw new IllegalArgumentException("trailing bytes after plan facts");
        }
        return new Facts(grows, counts, refs, tables);
      } catch (IOException e) {
        throw new IllegalArgumentException("truncated plan facts", e);
      }
    }

    private static void writeBits(DataOutputStream d, BitSet bits) throws IOException {
      byte[] b = bits.toByteArray();
      d.writeInt(b.length);
      d.write(b);
    }

    private static BitSet readBits(DataInputStream d) throws IOException {
      int n = d.readInt();
      if (n < 0 || n > (1 << 26)) {
        throw new IOException("bad length " + n);
      }
      return BitSet.valueOf(d.readNBytes(n));
    }
  }

  private ModulePlan(ModuleCompiler.Job job, CompileOptions options, Facts facts) {
    this.job = job;
    this.options = options;
    this.facts = facts;
  }

  /**
   * Validates {@code wasm} completely (every body) and plans it, validating the bodies on up to
   * {@code min(4, processors - 1)} threads (at least one).
   *
   * @throws io.ipvm.compiler.validate.MalformedModuleException if the bytes are not a well-formed
   *     binary
   * @throws io.ipvm.compiler.validate.InvalidModuleException if the module does not validate
   */
  public static ModulePlan prepare(byte[] wasm, CompileOptions options) {
    return prepare(wasm, options, defaultThreads());
  }

  /** As {@link #prepare(byte[], CompileOptions)}, validating bodies on up to {@code threads}. */
  public static ModulePlan prepare(byte[] wasm, CompileOptions options, int threads) {
    return prepare(wasm, options, threads, ModuleCompiler.VALIDATE_GROUP_BYTES);
  }

  /** As {@link #prepare(byte[], CompileOptions, int)}, with groups of bodies this large (tests). */
  static ModulePlan prepare(byte[] wasm, CompileOptions options, int threads, int groupBytes) {
    ModuleCompiler.PlannedJob p =
        ModuleCompiler.plan(wasm, options, null, threads, groupBytes, null);
    return new ModulePlan(p.job(), options, p.facts());
  }

  /**
   * As {@link #prepare(byte[], CompileOptions)}, for code that must run on a memory made for code
   * compiled earlier: exact as {@code exactMemory} says.
   */
  public static ModulePlan prepare(byte[] wasm, CompileOptions options, boolean exactMemory) {
    ModuleCompiler.PlannedJob p =
        ModuleCompiler.plan(
            wasm,
            options,
            exactMemory,
            defaultThreads(),
            ModuleCompiler.VALIDATE_GROUP_BYTES,
            null);
    return new ModulePlan(p.job(), options, p.facts());
  }

  /**
   * Plans a module that was validated before — by this compiler build, from exactly these bytes —
   * from the {@link Facts} its validation found: only the declarations are parsed (and checked
   * again), no body is decoded until its function is compiled. For a cache keyed by the module's
   * hash and the compiler's fingerprint; passing facts of other bytes gives wrong code.
   *
   * @throws io.ipvm.compiler.validate.MalformedModuleException if the declarations are malformed
   * @throws io.ipvm.compiler.validate.InvalidModuleException if the declarations do not validate
   */
  public static ModulePlan prepareValidated(byte[] wasm, CompileOptions options, Facts facts) {
    ModuleCompiler.PlannedJob p = ModuleCompiler.plan(wasm, options, null, 1, 0, facts);
    return new ModulePlan(p.job(), options, p.facts());
  }

  /** Up to 4 threads, leaving one processor to the JIT (see the runtime's Engine.plan). */
  private static int defaultThreads() {
    return Math.max(
        1,
        Math.min(ModuleCompiler.DEFAULT_THREADS, Runtime.getRuntime().availableProcessors() - 1));
  }

  /** The options the plan's functions are compiled with. */
  public CompileOptions options() {
    return options;
  }

  /** What validation found in the bodies (to store beside a cache entry). */
  public Facts facts() {
    return facts;
  }

  /**
   * The module with none of its functions compiled: declarations, global plans, the context class;
   * {@code functions()} is empty and {@code classes()} holds the context class only.
   */
  public CompiledModule declarations() {
    return job.declarations();
  }

  /**
   * Compiles defined function {@code funcIndex} (imports first) into a class of its own named
   * {@code className} (internal name, in {@link ModuleCompiler#PACKAGE}); calls to other functions
   * are linked by the runtime. Decodes the function's body from the module's bytes.
   *
   * @throws IllegalArgumentException if {@code funcIndex} is not a defined function
   */
  public synchronized FunctionClass compileFunction(int funcIndex, String className) {
    return compileFunction(funcIndex, className, java.util.Map.of());
  }

  /**
   * As {@link #compileFunction(int, String)}, a variant specialized on fixed arguments: parameter
   * index → value (an {@link Integer}, {@link Long}, {@link Float} or {@link Double} of the
   * parameter's type). The variant is correct only for calls that pass those values.
   *
   * @throws IllegalArgumentException if {@code funcIndex} is not a defined function, or a constant
   *     does not fit its parameter
   */
  public synchronized FunctionClass compileFunction(
      int funcIndex, String className, java.util.Map<Integer, Number> constants) {
    checkDefined(funcIndex);
    return job.compileSingle(funcIndex, className, constants);
  }

  /**
   * Makes the functions this plan compiles from now on call the module's functions where {@code
   * compiled} has them (its classes), not where this plan would put them: for variants of a module
   * compiled whole, with direct calls ({@code CompileOptions.entryChecks()}).
   */
  public synchronized void callFunctionsOf(CompiledModule compiled) {
    job.callFunctionsIn(compiled.functions());
  }

  /**
   * What {@link #compileFunction} would say of the function it compiles into {@code className},
   * without compiling it: for classes compiled earlier (a cache) with the same plan.
   *
   * @throws IllegalArgumentException if {@code funcIndex} is not a defined function
   */
  public CompiledFunction describe(int funcIndex, String className) {
    checkDefined(funcIndex);
    return job.describe(funcIndex, className);
  }

  private void checkDefined(int funcIndex) {
    if (funcIndex < job.importedFunctions || funcIndex >= job.functionTypes.size()) {
      throw new IllegalArgumentException(
          "function " + funcIndex + " is not a function the module defines");
    }
  }
}
