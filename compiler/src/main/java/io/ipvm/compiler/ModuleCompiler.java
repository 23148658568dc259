package io.ipvm.compiler;

import static org.objectweb.asm.Opcodes.*;

import com.dylibso.chicory.wasm.InvalidException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.AnnotatedInstruction;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.Global;
import com.dylibso.chicory.wasm.types.GlobalImport;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.MutabilityType;
import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.TableImport;
import io.ipvm.compiler.abi.RuntimeClass;
import io.ipvm.compiler.codegen.FunctionClassBuilder;
import io.ipvm.compiler.codegen.FunctionEmitter;
import io.ipvm.compiler.codegen.ModuleInfo;
import io.ipvm.compiler.ir.BlockNode;
import io.ipvm.compiler.ir.BodyParser;
import io.ipvm.compiler.ir.ConstantFolding;
import io.ipvm.compiler.ir.FuelMetering;
import io.ipvm.compiler.ir.LoopExits;
import io.ipvm.compiler.validate.ErrorLocator;
import io.ipvm.compiler.validate.InvalidModuleException;
import io.ipvm.compiler.validate.MalformedModuleException;
import io.ipvm.compiler.validate.ModuleValidator;
import io.ipvm.compiler.validate.ParseErrors;
import io.ipvm.wasm.FunctionType;
import io.ipvm.wasm.ValType;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;

/**
 * Compiles a WebAssembly binary into JVM classes: Chicory's parser decodes and validates, {@link
 * ModuleValidator} adds the Wasm 2.0 module rules Chicory leaves out, and {@link FunctionEmitter}
 * turns each function into static methods. Functions are grouped into classes so that no class
 * comes near the constant-pool limit.
 */
public final class ModuleCompiler {
  /** Package of generated classes (each module gets its own class loader). */
  public static final String PACKAGE = "io/ipvm/generated/";

  /**
   * Estimated bytecode per generated function class before a new class is started: keeps every
   * class far from the constant-pool limit, and gives a mid-sized module several classes that
   * {@link #compileInParts} can build on different threads.
   */
  private static final int CLASS_CODE_BUDGET = 48_000;

  /** Functions per generated class at most (bounds constant-pool use). */
  private static final int CLASS_FUNCTION_LIMIT = 1000;

  private ModuleCompiler() {}

  /**
   * Parses, validates and compiles a module.
   *
   * @throws MalformedModuleException if the bytes are not a well-formed binary
   * @throws InvalidModuleException if the module does not validate
   */
  public static CompiledModule compile(byte[] wasm) {
    return compile(wasm, CompileOptions.DEFAULT);
  }

  /**
   * Parses, validates and compiles a module with the given options.
   *
   * @throws MalformedModuleException if the bytes are not a well-formed binary
   * @throws InvalidModuleException if the module does not validate
   */
  public static CompiledModule compile(byte[] wasm, CompileOptions options) {
    return compile(
        wasm, options, Math.min(DEFAULT_THREADS, Runtime.getRuntime().availableProcessors()));
  }

  /**
   * As {@link #compile(byte[], CompileOptions)}, on at most {@code threads} threads (the runtime's
   * {@code Engine} decides how many).
   */
  public static CompiledModule compile(byte[] wasm, CompileOptions options, int threads) {
    BinaryLayout layout = BinaryLayout.scan(wasm);
    int bodyBytes = 0;
    if (layout != null) {
      for (BinaryLayout.Body b : layout.bodies()) {
        bodyBytes += b.length();
      }
    }
    if (layout != null
        && bodyBytes <= BATCH_BYTES
        && bodyBytes >= PARALLEL_MIN_BYTES
        && threads > 1) {
      CompiledModule parallel = compileInParts(wasm, layout, options, threads);
      if (parallel != null) {
        return parallel;
      }
    }
    if (layout == null || bodyBytes <= BATCH_BYTES) {
      WasmModule module = parse(wasm);
      ModuleValidator.validate(wasm, module);
      int n = module.codeSection().functionBodyCount();
      int[] sizes = new int[n];
      if (layout != null && layout.bodies().size() == n) {
        for (int i = 0; i < n; i++) {
          sizes[i] = layout.bodies().get(i).length();
        }
      }
      return new Job(module, sizes, List.of(new int[] {0, n}), (from, to) -> module, options).run();
    }
    // A very large module: the parser keeps an object per instruction of every body it decodes,
    // so decode the bodies in batches, each in a copy of the module whose other bodies are
    // `unreachable`, and compile each batch before decoding the next.
    List<BinaryLayout.Body> bodies = layout.bodies();
    int[] sizes = new int[bodies.size()];
    List<int[]> batches = new ArrayList<>();
    int from = 0;
    int acc = 0;
    for (int i = 0; i < bodies.size(); i++) {
      sizes[i] = bodies.get(i).length();
      if (acc > 0 && acc + sizes[i] > BATCH_BYTES) {
        batches.add(new int[] {from, i});
        from = i;
        acc = 0;
      }
      acc += sizes[i];
    }
    batches.add(new int[] {from, bodies.size()});
    byte[] skeleton = layout.keepingBodies(0, 0);
    WasmModule module = parse(skeleton, wasm);
    ModuleValidator.validate(skeleton, module);
    return new Job(
            module,
            sizes,
            batches,
            (a, b) -> {
              byte[] part = layout.keepingBodies(a, b);
              WasmModule m = parse(part, wasm);
              ModuleValidator.validate(part, m);
              return m;
            },
            options)
        .run();
  }

  /**
   * Decodes, validates and compiles a mid-sized module in parts on several threads: each part is a
   * copy of the module keeping only its own range of function bodies (the others become {@code
   * unreachable}), and ranges end at generated-class boundaries, so no class is shared between
   * threads. The classes are the same as a single-threaded compile makes (the grouping into classes
   * does not depend on the number of threads), which keeps compiled-class cache keys meaningful.
   * Returns null when the module has a single class.
   */
  private static CompiledModule compileInParts(
      byte[] wasm, BinaryLayout layout, CompileOptions options, int threads) {
    List<BinaryLayout.Body> bodies = layout.bodies();
    int[] sizes = new int[bodies.size()];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = bodies.get(i).length();
    }
    List<int[]> parts = partition(sizes, classGroups(sizes), threads);
    if (parts.size() < 2) {
      return null;
    }
    List<WasmModule> modules =
        inParallel(
            parts.size(),
            k -> {
              byte[] part = layout.keepingBodies(parts.get(k)[0], parts.get(k)[1]);
              WasmModule m = parse(part, wasm);
              ModuleValidator.validate(part, m);
              return m;
            });
    return new Job(modules.get(0), sizes, parts, null, options).runParts(modules);
  }

  /**
   * Compiles one defined function of a module compiled before into a class of its own, e.g. to
   * replace its code in running instances with a variant (other {@code options}); calls to other
   * functions are linked by the runtime as in the module's own classes. {@code options.metered()}
   * must be the module's: the code uses the module's context class.
   *
   * @param wasm the module's bytes
   * @param module what the module's compilation produced (its {@code exactMemory} is kept)
   * @param funcIndex the function's index (imports first); must be a defined function
   * @param className internal name of the class to generate (in {@link #PACKAGE})
   * @throws IllegalArgumentException if {@code funcIndex} is not a defined function
   * @throws MalformedModuleException if the bytes are not a well-formed binary
   * @throws InvalidModuleException if the function does not validate
   */
  public static FunctionClass compileFunction(
      byte[] wasm, CompiledModule module, int funcIndex, CompileOptions options, String className) {
    return compileFunction(wasm, module, funcIndex, options, className, Map.of());
  }

  /**
   * As {@link #compileFunction(byte[], CompiledModule, int, CompileOptions, String)}, a variant
   * specialized on fixed arguments ({@code constants}: parameter index → value, see {@code
   * FunctionEmitter.withConstantParameters}); it is correct only for calls passing those values.
   */
  public static FunctionClass compileFunction(
      byte[] wasm,
      CompiledModule module,
      int funcIndex,
      CompileOptions options,
      String className,
      Map<Integer, Number> constants) {
    return ModulePlan.prepare(wasm, options, module.exactMemory())
        .compileFunction(funcIndex, className, constants);
  }

  /** A job ready to compile single functions, and the facts its bodies gave. */
  record PlannedJob(Job job, ModulePlan.Facts facts) {}

  /**
   * Validates the whole module and computes its module-level facts once (a {@link ModulePlan}),
   * with the memory exact as {@code exactMemory} says, or as the bodies say when null. The bodies
   * are decoded and validated in batches on up to {@code threads} threads and not kept; with {@code
   * known} facts (a module validated before) they are not decoded at all. Only the declarations are
   * kept: a copy of the module whose bodies are all {@code unreachable}.
   */
  static PlannedJob plan(
      byte[] wasm,
      CompileOptions options,
      Boolean exactMemory,
      int threads,
      int groupBytes,
      ModulePlan.Facts known) {
    BinaryLayout layout = BinaryLayout.scan(wasm);
    if (layout == null) {
      // Broken section framing: the parser says how. (Should it accept the bytes after all, the
      // plan keeps its parse, as every plan used to.)
      WasmModule parsed = parse(wasm);
      ModuleValidator.validate(wasm, parsed);
      int n = parsed.codeSection().functionBodyCount();
      int imported = parsed.importSection().count(ExternalType.FUNCTION);
      ModulePlan.Facts facts = known != null ? known : BodyFacts.of(parsed, n, imported);
      Job job = new Job(parsed, new int[n], List.of(new int[] {0, n}), null, options);
      job.singleBodies = i -> parsed.codeSection().getFunctionBody(i);
      job.prepareSingle(exactMemory, facts);
      return new PlannedJob(job, facts);
    }
    int n = layout.bodies().size();
    if (known != null) {
      // Validated before, by this compiler build (the caller vouches): the declarations are only
      // read, not checked again (Chicory's checks alone took a third of a warm start).
      WasmModule declarations;
      try {
        declarations = declarationsOnly(wasm, n);
      } catch (RuntimeException | AssertionError e) {
        declarations = parse(layout.stubbingBodies(0, n), wasm); // says what is wrong
      }
      Job job = new Job(declarations, new int[n], List.of(new int[] {0, n}), null, options);
      BodyDecoder decoder = new BodyDecoder(wasm, layout);
      job.singleBodies = decoder::decode;
      job.prepareSingle(exactMemory, known);
      return new PlannedJob(job, known);
    }
    byte[] skeleton = layout.stubbingBodies(0, n);
    WasmModule declarations = parse(skeleton, wasm);
    ModuleValidator.Bodies rules = ModuleValidator.declarations(skeleton, declarations);
    int imported = declarations.importSection().count(ExternalType.FUNCTION);
    ModulePlan.Facts facts =
        validateBodies(wasm, layout, declarations, rules, imported, threads, groupBytes);
    Job job = new Job(declarations, new int[n], List.of(new int[] {0, n}), null, options);
    BodyDecoder decoder = new BodyDecoder(wasm, layout);
    job.singleBodies = decoder::decode;
    job.prepareSingle(exactMemory, facts);
    return new PlannedJob(job, facts);
  }

  /**
   * The module's declarations, unchecked, with {@code n} bodies that are all one shared {@code
   * unreachable} body: the code section is skipped, not decoded (decoding 34,004 stub bodies was
   * half of a warm start of a 30 MB module).
   */
  private static WasmModule declarationsOnly(byte[] wasm, int n) {
    Parser.Builder parser = Parser.builder().withValidation(false);
    for (int id = 0; id <= 12; id++) {
      if (id != 10) {
        parser.includeSectionId(id);
      }
    }
    WasmModule.Builder module = WasmModule.builder().withValidation(false);
    parser
        .build()
        .parse(
            new java.io.ByteArrayInputStream(wasm),
            s -> {
              switch (s) {
                case com.dylibso.chicory.wasm.types.CustomSection c ->
                    module.addCustomSection(c.name(), c);
                case com.dylibso.chicory.wasm.types.TypeSection t -> module.setTypeSection(t);
                case com.dylibso.chicory.wasm.types.ImportSection i -> module.setImportSection(i);
                case com.dylibso.chicory.wasm.types.FunctionSection f ->
                    module.setFunctionSection(f);
                case com.dylibso.chicory.wasm.types.TableSection t -> module.setTableSection(t);
                case com.dylibso.chicory.wasm.types.MemorySection m -> module.setMemorySection(m);
                case com.dylibso.chicory.wasm.types.GlobalSection g -> module.setGlobalSection(g);
                case com.dylibso.chicory.wasm.types.ExportSection e -> module.setExportSection(e);
                case com.dylibso.chicory.wasm.types.StartSection st -> module.setStartSection(st);
                case com.dylibso.chicory.wasm.types.ElementSection e -> module.setElementSection(e);
                case com.dylibso.chicory.wasm.types.DataSection d -> module.setDataSection(d);
                case com.dylibso.chicory.wasm.types.DataCountSection d ->
                    module.setDataCountSection(d);
                default -> throw new IllegalArgumentException("section " + s.sectionId());
              }
            });
    FunctionBody stub = Parser.parse(STUB_MODULE).codeSection().getFunctionBody(0);
    var code = com.dylibso.chicory.wasm.types.CodeSection.builder();
    for (int i = 0; i < n; i++) {
      code.addFunctionBody(stub);
    }
    return module.setCodeSection(code.build()).build();
  }

  /** (module (func unreachable)): where the shared stub body comes from. */
  private static final byte[] STUB_MODULE = {
    0, 'a', 's', 'm', 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 10, 5, 1, 3, 0, 0x00, 0x0B
  };

  /**
   * Function-body bytes decoded and validated together when a plan is prepared: small, so that what
   * a group's decoding allocates dies young (a whole parse of a 30 MB module held 1.5 GB).
   */
  static final int VALIDATE_GROUP_BYTES = 256 << 10;

  /**
   * Decodes and validates every body of {@code layout}'s module against its {@code declarations}
   * (checked before, by {@code rules}'s making), group after group on up to {@code threads} threads
   * ({@code groupBytes} of bodies per group), keeping only their facts: Chicory's rules for each
   * body ({@code FunctionValidator}), then the 2.0 rules Chicory leaves out ({@code rules}). When a
   * body fails, the module is validated again whole, the way an eager compile does, so the error
   * and its offsets are those (and do not depend on timing).
   */
  private static ModulePlan.Facts validateBodies(
      byte[] wasm,
      BinaryLayout layout,
      WasmModule declarations,
      ModuleValidator.Bodies rules,
      int imported,
      int threads,
      int groupBytes) {
    List<BinaryLayout.Body> bodies = layout.bodies();
    int n = bodies.size();
    List<int[]> groups = new ArrayList<>();
    int from = 0;
    long acc = 0;
    for (int i = 0; i < n; i++) {
      if (acc > 0 && acc + bodies.get(i).length() > groupBytes) {
        groups.add(new int[] {from, i});
        from = i;
        acc = 0;
      }
      acc += bodies.get(i).length();
    }
    if (from < n) {
      groups.add(new int[] {from, n});
    }
    BodyDecoder decoder = new BodyDecoder(wasm, layout);
    BodyFacts[] results = new BodyFacts[groups.size()];
    java.util.concurrent.atomic.AtomicInteger next =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicBoolean failed =
        new java.util.concurrent.atomic.AtomicBoolean();
    int workers = Math.max(1, Math.min(threads, groups.size()));
    inParallel(
        workers,
        w -> {
          var validator = new com.dylibso.chicory.wasm.FunctionValidator(declarations);
          for (int k = next.getAndIncrement();
              k < groups.size() && !failed.get();
              k = next.getAndIncrement()) {
            int a = groups.get(k)[0];
            int b = groups.get(k)[1];
            try {
              BodyDecoder.Group g = decoder.decode(a, b);
              BodyFacts facts = new BodyFacts(a, b - a);
              for (int i = a; i < b; i++) {
                FunctionBody body = g.code().getFunctionBody(i - a);
                validator.validate(imported + i, body);
                rules.check(
                    g.bytes(),
                    g.starts()[i - a],
                    g.ends()[i - a],
                    body.instructions(),
                    imported + i);
                facts.note(i, body.instructions(), imported);
              }
              results[k] = facts;
            } catch (RuntimeException | AssertionError | StackOverflowError e) {
              // Whatever the cause (an invalid or malformed body), the whole module's validation
              // below reports it as an eager compile would.
              failed.set(true);
            }
          }
          return null;
        });
    if (failed.get()) {
      WasmModule whole = parse(wasm);
      ModuleValidator.validate(wasm, whole);
      // Accepted whole after all: take the facts from that parse.
      return BodyFacts.of(whole, n, imported);
    }
    return BodyFacts.merge(n, List.of(results));
  }

  /**
   * The facts of the bodies [from, from + count): the defined functions each calls directly, which
   * call imports or {@code call_indirect}, which functions are named by {@code call} or {@code
   * ref.func}, whether any grows the memory.
   */
  private static final class BodyFacts {
    final int from;
    final int[][] callees;
    final BitSet direct = new BitSet();
    final BitSet referenced = new BitSet();
    final BitSet writtenTables = new BitSet();
    boolean growsMemory;

    BodyFacts(int from, int count) {
      this.from = from;
      this.callees = new int[count][];
    }

    /** The facts of all {@code n} bodies of a parsed module. */
    static ModulePlan.Facts of(WasmModule module, int n, int imported) {
      BodyFacts facts = new BodyFacts(0, n);
      for (int i = 0; i < n; i++) {
        facts.note(i, module.codeSection().getFunctionBody(i).instructions(), imported);
      }
      return merge(n, List.of(facts));
    }

    /** Notes the facts of defined function {@code i}'s body. */
    void note(int i, List<AnnotatedInstruction> code, int imported) {
      int[] out = new int[8];
      int count = 0;
      for (var ins : code) {
        switch (ins.opcode()) {
          case CALL -> {
            int target = (int) ins.operand(0);
            referenced.set(target);
            if (target < imported) {
              direct.set(i);
            } else {
              if (count == out.length) {
                out = java.util.Arrays.copyOf(out, 2 * count);
              }
              out[count++] = target - imported;
            }
          }
          case CALL_INDIRECT -> direct.set(i);
          case REF_FUNC -> referenced.set((int) ins.operand(0));
          case MEMORY_GROW -> growsMemory = true;
          case TABLE_SET, TABLE_GROW, TABLE_FILL -> writtenTables.set((int) ins.operand(0));
          // Both operands, whichever is the destination: too many is only less folding.
          case TABLE_COPY, TABLE_INIT -> {
            writtenTables.set((int) ins.operand(0));
            writtenTables.set((int) ins.operand(1));
          }
          default -> {}
        }
      }
      callees[i - from] = java.util.Arrays.copyOf(out, count);
    }

    static ModulePlan.Facts merge(int n, List<BodyFacts> parts) {
      int[][] callees = new int[n][];
      BitSet direct = new BitSet(n);
      BitSet referenced = new BitSet();
      BitSet tables = new BitSet();
      boolean grows = false;
      for (BodyFacts p : parts) {
        tables.or(p.writtenTables);
        System.arraycopy(p.callees, 0, callees, p.from, p.callees.length);
        direct.or(p.direct);
        referenced.or(p.referenced);
        grows |= p.growsMemory;
      }
      return new ModulePlan.Facts(
          grows, CallCycles.countingFunctions(callees, direct), referenced, tables);
    }
  }

  /** Bodies at least this large (in total) are compiled on several threads. */
  private static final int PARALLEL_MIN_BYTES = 12 * 1024;

  /**
   * Threads a module is compiled on at most by default (and never more than the processors): the
   * runtime's {@code Engine.Config} may choose another number (system property {@code
   * ipvm.compiler.threads}, read once there).
   */
  public static final int DEFAULT_THREADS = 4;

  /** Stack of a compile thread: IR building and emission recurse over nested blocks. */
  private static final long WORKER_STACK = 64L << 20;

  /**
   * Runs {@code task(0..n-1)}, task 0 on the calling thread and the others on threads of their own;
   * returns the results in order. When tasks fail, the lowest-numbered failure is thrown (so the
   * error a module reports does not depend on thread timing).
   */
  static <T> List<T> inParallel(int n, java.util.function.IntFunction<T> task) {
    Object[] results = new Object[n];
    Throwable[] failures = new Throwable[n];
    Thread[] threads = new Thread[n];
    for (int k = 1; k < n; k++) {
      int part = k;
      threads[k] =
          new Thread(
              null,
              () -> {
                try {
                  results[part] = task.apply(part);
                } catch (Throwable t) {
                  failures[part] = t;
                }
              },
              "ipvm-compile-" + k,
              WORKER_STACK);
      threads[k].setDaemon(true);
      threads[k].start();
    }
    try {
      results[0] = task.apply(0);
    } catch (Throwable t) {
      failures[0] = t;
    }
    boolean interrupted = false;
    for (int k = 1; k < n; k++) {
      while (true) {
        try {
          threads[k].join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    for (Throwable t : failures) {
      if (t instanceof RuntimeException r) {
        throw r;
      } else if (t instanceof Error e) {
        throw e;
      } else if (t != null) {
        throw new IllegalStateException(t);
      }
    }
    @SuppressWarnings("unchecked")
    List<T> list = (List<T>) java.util.Arrays.asList(results);
    return list;
  }

  /**
   * The generated class of each defined function: consecutive functions share a class until its
   * estimated code reaches {@link #CLASS_CODE_BUDGET} or it holds {@link #CLASS_FUNCTION_LIMIT}
   * functions. Depends only on the body sizes.
   */
  static int[] classGroups(int[] bodySizes) {
    int[] classOf = new int[bodySizes.length];
    int classIndex = 0;
    int classCode = 0;
    int classFunctions = 0;
    for (int i = 0; i < bodySizes.length; i++) {
      int size = Math.min(6 * bodySizes[i], 20_000);
      if (classFunctions > 0
          && (classCode + size > CLASS_CODE_BUDGET || classFunctions >= CLASS_FUNCTION_LIMIT)) {
        classIndex++;
        classCode = 0;
        classFunctions = 0;
      }
      classOf[i] = classIndex;
      classCode += size;
      classFunctions++;
    }
    return classOf;
  }

  /**
   * Splits the defined functions into at most {@code n} ranges [from, to) of about equal body
   * bytes, each ending at a class boundary.
   */
  static List<int[]> partition(int[] sizes, int[] classOf, int n) {
    long total = 0;
    for (int s : sizes) {
      total += s;
    }
    List<int[]> parts = new ArrayList<>();
    int from = 0;
    long acc = 0;
    for (int i = 0; i < sizes.length; i++) {
      acc += sizes[i];
      boolean classEnds = i + 1 == sizes.length || classOf[i + 1] != classOf[i];
      if (classEnds
          && i + 1 < sizes.length
          && parts.size() < n - 1
          && acc * n >= total * (parts.size() + 1)) {
        parts.add(new int[] {from, i + 1});
        from = i + 1;
      }
    }
    if (from < sizes.length || parts.isEmpty()) {
      parts.add(new int[] {from, sizes.length});
    }
    return parts;
  }

  /** Function-body bytes above which a module is decoded and compiled in batches. */
  private static final int BATCH_BYTES = 1 << 20;

  /** Decodes the bodies of functions [from, to) (others may be stubs). */
  @FunctionalInterface
  private interface BodySource {
    WasmModule bodies(int from, int to);
  }

  /**
   * Parses a module's declarations only (types, imports, exports, globals, segments, start), with
   * every function body replaced by {@code unreachable}: what the runtime needs to link and
   * instantiate classes compiled earlier from the same bytes. Nothing is validated here; the module
   * was validated when its classes were compiled.
   *
   * @throws MalformedModuleException if the bytes are not a well-formed binary
   */
  public static WasmModule parseDeclarations(byte[] wasm) {
    BinaryLayout layout = BinaryLayout.scan(wasm);
    if (layout == null) {
      return parse(wasm);
    }
    return parse(layout.stubbingBodies(0, layout.bodies().size()), wasm);
  }

  /** Parses and validates without compiling. */
  public static WasmModule parse(byte[] wasm) {
    return parse(wasm, wasm);
  }

  /** Parses {@code wasm}; errors are located in {@code original} (of which wasm is a copy). */
  private static WasmModule parse(byte[] wasm, byte[] original) {
    try {
      return Parser.parse(wasm);
    } catch (InvalidException e) {
      ErrorLocator.Location at = ErrorLocator.locate(original);
      throw new InvalidModuleException(
          detail(e, original, at), at.byteOffset(), at.functionIndex());
    } catch (RuntimeException | AssertionError e) {
      // MalformedException, and plain runtime exceptions for some truncated inputs. Chicory's
      // parser also asserts on some malformed bodies (an else that closes no if): with -ea, as in
      // tests, that AssertionError is the only sign of the malformation.
      ParseErrors.Problem outline = ParseErrors.structural(original);
      if (outline != null) {
        throw new MalformedModuleException(outline.message(), outline.byteOffset(), -1);
      }
      ErrorLocator.Location at = ErrorLocator.locate(original);
      throw new MalformedModuleException(
          detail(e, original, at), at.byteOffset(), at.functionIndex());
    }
  }

  private static String detail(Throwable e, byte[] wasm, ErrorLocator.Location at) {
    String what = ParseErrors.describe(e, wasm, at.functionIndex());
    if (at.functionIndex() < 0 && at.section() != null) {
      what += " in the " + at.section() + " section";
    }
    return what;
  }

  /** Converts one of Chicory's value types. */
  public static ValType valType(com.dylibso.chicory.wasm.types.ValType t) {
    if (t.equals(com.dylibso.chicory.wasm.types.ValType.I32)) {
      return ValType.I32;
    } else if (t.equals(com.dylibso.chicory.wasm.types.ValType.I64)) {
      return ValType.I64;
    } else if (t.equals(com.dylibso.chicory.wasm.types.ValType.F32)) {
      return ValType.F32;
    } else if (t.equals(com.dylibso.chicory.wasm.types.ValType.F64)) {
      return ValType.F64;
    } else if (t.equals(com.dylibso.chicory.wasm.types.ValType.FuncRef)) {
      return ValType.FUNCREF;
    } else if (t.equals(com.dylibso.chicory.wasm.types.ValType.ExternRef)) {
      return ValType.EXTERNREF;
    }
    throw new InvalidModuleException(
        "value type " + t + " is not part of WebAssembly 2.0 (without SIMD)", -1, -1);
  }

  /** Converts one of Chicory's function types. */
  public static FunctionType functionType(com.dylibso.chicory.wasm.types.FunctionType t) {
    List<ValType> params = new ArrayList<>();
    for (var p : t.params()) {
      params.add(valType(p));
    }
    List<ValType> results = new ArrayList<>();
    for (var r : t.returns()) {
      results.add(valType(r));
    }
    return new FunctionType(params, results);
  }

  static final class Job {
    final WasmModule module;
    final List<FunctionType> types = new ArrayList<>();
    final List<FunctionType> functionTypes = new ArrayList<>();
    final List<GlobalPlan> globals = new ArrayList<>();
    final List<ValType> tableTypes = new ArrayList<>();
    int importedFunctions;
    int importedGlobals;

    final String ctxClass = PACKAGE + "Context";
    final Map<String, byte[]> classes = new LinkedHashMap<>();
    final Map<String, Integer> lastOfClass = new LinkedHashMap<>();
    final java.util.BitSet referenced = new java.util.BitSet();

    /**
     * Defined functions (by index among defined ones) that count their calls in {@code
     * ctx.callsLeft}; null: all of them (the bodies were not all known in advance).
     */
    java.util.BitSet countsCalls;

    String[] owners;
    ModuleInfo info;

    final int[] bodySizes;
    final List<int[]> batches;
    final BodySource source;
    final CompileOptions options;

    Job(
        WasmModule module,
        int[] bodySizes,
        List<int[]> batches,
        BodySource source,
        CompileOptions options) {
      this.module = module;
      this.options = options;
      this.bodySizes = bodySizes;
      this.batches = batches;
      this.source = source;
    }

    /** Reads the module's declarations and plans the generated classes. */
    private void declare() {
      for (var t : module.typeSection().types()) {
        types.add(functionType(t));
      }
      boolean hasMemory = module.memorySection().map(s -> s.memoryCount() > 0).orElse(false);
      Set<Integer> exportedGlobals = new HashSet<>();
      for (int i = 0; i < module.exportSection().exportCount(); i++) {
        Export e = module.exportSection().getExport(i);
        if (e.exportType() == ExternalType.GLOBAL) {
          exportedGlobals.add(e.index());
        }
      }
      for (int i = 0; i < module.importSection().importCount(); i++) {
        Import imp = module.importSection().getImport(i);
        switch (imp.importType()) {
          case FUNCTION -> {
            functionTypes.add(types.get(((FunctionImport) imp).typeIndex()));
            importedFunctions++;
          }
          case GLOBAL -> {
            GlobalImport g = (GlobalImport) imp;
            globals.add(
                new GlobalPlan(
                    GlobalPlan.Kind.CELL,
                    valType(g.type()),
                    g.mutabilityType() == MutabilityType.Var,
                    null,
                    null));
            importedGlobals++;
          }
          case MEMORY -> hasMemory = true;
          case TABLE -> tableTypes.add(valType(((TableImport) imp).entryType()));
          default ->
              throw new InvalidModuleException(
                  "import kind " + imp.importType() + " is not part of WebAssembly 2.0", -1, -1);
        }
      }
      for (int i = 0; i < module.tableSection().tableCount(); i++) {
        tableTypes.add(valType(module.tableSection().getTable(i).elementType()));
      }
      int defined = module.functionSection().functionCount();
      for (int i = 0; i < defined; i++) {
        functionTypes.add(types.get(module.functionSection().getFunctionType(i)));
      }
      Global[] own = module.globalSection().globals();
      for (int i = 0; i < own.length; i++) {
        int index = importedGlobals + i;
        Global g = own[i];
        ValType t = valType(g.valueType());
        boolean mutable = g.mutabilityType() == MutabilityType.Var;
        Object constant = constantOf(g.initInstructions());
        if (mutable && exportedGlobals.contains(index)) {
          globals.add(new GlobalPlan(GlobalPlan.Kind.CELL, t, true, null, null));
        } else if (!mutable && constant != NOT_CONSTANT) {
          globals.add(new GlobalPlan(GlobalPlan.Kind.CONSTANT, t, false, constant, null));
        } else {
          globals.add(new GlobalPlan(GlobalPlan.Kind.FIELD, t, mutable, null, "g" + index));
        }
      }

      classes.put(binaryName(ctxClass), contextClass(ctxClass));

      // Group functions into classes, in order, by their encoded size (known before decoding).
      int total = importedFunctions + defined;
      owners = new String[total];
      int[] classOf = classGroups(bodySizes);
      for (int i = 0; i < defined; i++) {
        owners[importedFunctions + i] = PACKAGE + "Functions" + classOf[i];
        lastOfClass.put(owners[importedFunctions + i], i);
      }
      // Functions only the host calls (no call instruction or table entry names them) may get
      // their loop nests outlined (FunctionEmitter.outlinesLoopNests): they are entered rarely,
      // so the frame a split method needs is cheap. Other functions may be called in a hot loop.
      for (var e : module.elementSection().elements()) {
        for (var init : e.initializers()) {
          for (var ins : init) {
            if (ins.opcode() == OpCode.REF_FUNC) {
              referenced.set((int) ins.operand(0));
            }
          }
        }
      }
      info =
          new ModuleInfo(
              types,
              functionTypes,
              importedFunctions,
              owners,
              globals,
              ctxClass,
              hasMemory,
              false,
              options.relinkable(),
              tableTargets());
    }

    /** The defined functions element segments name, by type key (see ModuleInfo.tableTargets). */
    private Map<String, int[]> tableTargets() {
      Map<String, List<Integer>> byType = new HashMap<>();
      for (int f = referenced.nextSetBit(importedFunctions);
          f >= 0;
          f = referenced.nextSetBit(f + 1)) {
        byType.computeIfAbsent(functionTypes.get(f).key(), k -> new ArrayList<>()).add(f);
      }
      Map<String, int[]> out = new HashMap<>();
      byType.forEach((k, v) -> out.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
      return out;
    }

    /** Compiles batch after batch on this thread (a batch's classes may continue in the next). */
    CompiledModule run() {
      declare();
      if (batches.size() == 1) {
        // All bodies are decoded before the first is compiled: whether any grows the memory is
        // known. (Batched huge modules are compiled before later bodies are read: never exact.)
        int[] only = batches.get(0);
        List<WasmModule> all = List.of(source.bodies(only[0], only[1]));
        info = info.withExactMemory(exactMemory(all));
        countsCalls = CallCycles.countingFunctions(all, importedFunctions);
      }
      Map<String, FunctionClassBuilder> builders = new LinkedHashMap<>();
      List<CompiledFunction> compiled = new ArrayList<>();
      for (int[] batch : batches) {
        WasmModule part = source.bodies(batch[0], batch[1]);
        noteReferences(part, batch[0], batch[1]);
        compileRange(part, batch[0], batch[1], builders, compiled, classes);
      }
      return result(compiled, classes);
    }

    /**
     * Compiles the parts ({@code batches}, ranges ending at class boundaries, already decoded into
     * {@code parts}) on one thread each, then joins their classes in order.
     */
    CompiledModule runParts(List<WasmModule> parts) {
      declare();
      info = info.withExactMemory(exactMemory(parts));
      countsCalls = CallCycles.countingFunctions(parts, importedFunctions);
      for (int k = 0; k < parts.size(); k++) {
        noteReferences(parts.get(k), batches.get(k)[0], batches.get(k)[1]);
      }
      List<PartResult> results =
          inParallel(
              parts.size(),
              k -> {
                PartResult r = new PartResult(new ArrayList<>(), new LinkedHashMap<>());
                compileRange(
                    parts.get(k),
                    batches.get(k)[0],
                    batches.get(k)[1],
                    new LinkedHashMap<>(),
                    r.compiled(),
                    r.classes());
                return r;
              });
      List<CompiledFunction> compiled = new ArrayList<>();
      for (PartResult r : results) {
        compiled.addAll(r.compiled());
        classes.putAll(r.classes());
      }
      return result(compiled, classes);
    }

    /**
     * Whether the module's memory can keep an array of exactly its size: the module defines it (an
     * imported memory may be shared with code that grows it) and none of the bodies in {@code
     * parts} (which together hold every body) contains {@code memory.grow}.
     */
    private boolean exactMemory(List<WasmModule> parts) {
      if (!module.memorySection().map(s -> s.memoryCount() > 0).orElse(false)) {
        return false;
      }
      for (WasmModule part : parts) {
        for (int i = 0; i < part.codeSection().functionBodyCount(); i++) {
          for (var ins : part.codeSection().getFunctionBody(i).instructions()) {
            if (ins.opcode() == OpCode.MEMORY_GROW) {
              return false;
            }
          }
        }
      }
      return true;
    }

    private record PartResult(List<CompiledFunction> compiled, Map<String, byte[]> classes) {}

    /**
     * Marks the functions that the bodies [from, to) of {@code part} call or take a reference of.
     */
    private void noteReferences(WasmModule part, int from, int to) {
      for (int i = from; i < to; i++) {
        for (var ins : part.codeSection().getFunctionBody(i).instructions()) {
          if (ins.opcode() == OpCode.CALL || ins.opcode() == OpCode.REF_FUNC) {
            referenced.set((int) ins.operand(0));
          }
        }
      }
    }

    /**
     * Compiles the defined functions [from, to) of {@code part} into {@code builders}; each class
     * whose last function is among them is written to {@code out}.
     */
    private void compileRange(
        WasmModule part,
        int from,
        int to,
        Map<String, FunctionClassBuilder> builders,
        List<CompiledFunction> compiled,
        Map<String, byte[]> out) {
      for (int i = from; i < to; i++) {
        String owner = owners[importedFunctions + i];
        FunctionClassBuilder b =
            builders.computeIfAbsent(owner, o -> new FunctionClassBuilder(o, info));
        compiled.add(compileOne(part.codeSection().getFunctionBody(i), i, b));
        if (lastOfClass.get(owner) == i) {
          // The class is complete: write it and let its methods go.
          out.put(binaryName(owner), builders.remove(owner).toBytes());
        }
      }
    }

    /**
     * Compiles defined function {@code i} (an index among the defined ones) of {@code part}, with
     * its bridges and chunks, into {@code b}.
     */
    private CompiledFunction compileOne(FunctionBody fb, int i, FunctionClassBuilder b) {
      return compileOne(fb, i, b, Map.of());
    }

    private CompiledFunction compileOne(
        FunctionBody fb, int i, FunctionClassBuilder b, Map<Integer, Number> constants) {
      int index = importedFunctions + i;
      String owner = b.owner();
      List<ValType> locals = new ArrayList<>();
      for (var l : fb.localTypes()) {
        locals.add(valType(l));
      }
      BlockNode body = BodyParser.parse(fb.instructions(), this::callCost);
      if (options.metered()) {
        body = FuelMetering.instrument(body);
      }
      if (!constants.isEmpty()) {
        FunctionEmitter.checkConstantParameters(functionTypes.get(index), index, constants);
        Map<Integer, ConstantFolding.Value> fixed = new HashMap<>();
        List<ValType> params = functionTypes.get(index).params();
        constants.forEach((p, v) -> fixed.put(p, foldingValue(params.get(p), v)));
        List<ValType> all = new ArrayList<>(params);
        all.addAll(locals);
        body =
            ConstantFolding.fold(body, fixed, params.size(), all, foldingFacts(), this::callCost);
      }
      body = LoopExits.normalize(body, functionTypes.get(index).params().size(), locals);
      boolean usesMemory = usesMemory(fb.instructions());
      boolean usesReferences = usesReferences(functionTypes.get(index), locals, fb.instructions());
      try {
        new FunctionEmitter(info, b, index, locals, body, usesMemory, usesReferences)
            .withTableTypes(tableTypes)
            .withCallCounting(countsCalls == null || countsCalls.get(i))
            .withLoopOutlining(!referenced.get(index))
            .withHugeMethods(options.hugeMethods())
            .withLadders(options.ladders())
            .withSplitBudget(options.splitBudget())
            .withConstantParameters(constants)
            // A variant is entered from the general code's site: it needs no entry of its own.
            .withEntryCheck(options.entryChecks() && constants.isEmpty())
            .emit();
      } catch (UnsupportedOperationException e) {
        throw new InvalidModuleException(e.getMessage(), -1, index);
      }
      FunctionType ft = functionTypes.get(index);
      return new CompiledFunction(
          index, ft, binaryName(owner), ModuleInfo.methodName(index), info.methodDesc(ft));
    }

    /**
     * Computes the module-level facts a whole compile finds (which functions count calls, which are
     * called or referenced, whether the memory is exact) once, for {@link #compileSingle}. The
     * memory is exact as {@code exactMemory} says when not null (as the module was compiled, since
     * its memory was created for that code).
     */
    void prepareSingle(Boolean exactMemory, ModulePlan.Facts facts) {
      declare();
      boolean definesMemory = module.memorySection().map(s -> s.memoryCount() > 0).orElse(false);
      info =
          info.withExactMemory(
              exactMemory != null ? exactMemory : definesMemory && !facts.growsMemory());
      countsCalls = facts.countsCalls();
      referenced.or(facts.referenced());
      writtenTables = facts.writtenTables();
    }

    /** The tables some body may change (from the plan's facts); null: any of them. */
    private BitSet writtenTables;

    /** The tables whose entries variants may trust, found on first use. */
    private StaticTables staticTables;

    /** What {@link ConstantFolding} may assume of this module. */
    private ConstantFolding.ModuleFacts foldingFacts() {
      if (staticTables == null) {
        BitSet written = writtenTables;
        if (written == null) {
          written = new BitSet();
          written.set(0, tableTypes.size());
        }
        staticTables = StaticTables.of(module, written, types, functionTypes);
      }
      StaticTables tables = staticTables;
      return new ConstantFolding.ModuleFacts() {
        @Override
        public int directTarget(int typeIndex, int table, long entry) {
          return tables.directTarget(typeIndex, table, entry);
        }

        @Override
        public ConstantFolding.Value constantGlobal(int index) {
          GlobalPlan g = globals.get(index);
          if (g.kind() != GlobalPlan.Kind.CONSTANT || g.constant() == null) {
            return null;
          }
          return foldingValue(g.type(), (Number) g.constant());
        }
      };
    }

    /**
     * Makes direct calls of the functions compiled from now on go to the methods {@code functions}
     * name (for code compiled with the module's other functions already loaded, e.g. a variant
     * calling entries of a whole-module compile, whose classes this plan does not know).
     */
    void callFunctionsIn(List<CompiledFunction> functions) {
      for (CompiledFunction f : functions) {
        // ModuleInfo holds this array: changing it in place changes the info too.
        owners[f.index()] = f.owner().replace('.', '/');
      }
    }

    /** Where {@link #compileSingle} gets a defined function's body (index among the defined). */
    java.util.function.IntFunction<FunctionBody> singleBodies;

    /** Compiles function {@code index} alone into a class named {@code owner} (internal name). */
    FunctionClass compileSingle(int index, String owner, Map<Integer, Number> constants) {
      FunctionClassBuilder b = new FunctionClassBuilder(owner, info);
      int i = index - importedFunctions;
      CompiledFunction f = compileOne(singleBodies.apply(i), i, b, constants);
      return new FunctionClass(binaryName(owner), b.toBytes(), f);
    }

    /** What {@link #compileSingle} returns of function {@code index} in {@code owner}. */
    CompiledFunction describe(int index, String owner) {
      FunctionType ft = functionTypes.get(index);
      return new CompiledFunction(
          index, ft, binaryName(owner), ModuleInfo.methodName(index), info.methodDesc(ft));
    }

    /** The module's declarations with no function compiled: its context class only. */
    CompiledModule declarations() {
      return result(List.of(), Map.copyOf(classes));
    }

    private CompiledModule result(List<CompiledFunction> compiled, Map<String, byte[]> classes) {
      return new CompiledModule(
          module,
          List.copyOf(types),
          List.copyOf(functionTypes),
          importedFunctions,
          List.copyOf(compiled),
          List.copyOf(globals),
          binaryName(ctxClass),
          classes,
          info.exactMemory());
    }

    /** Extra bytecode a call needs beyond the estimate: boxing wide arguments or results. */
    private int callCost(AnnotatedInstruction ins) {
      FunctionType ft;
      if (ins.opcode() == OpCode.CALL) {
        ft = functionTypes.get((int) ins.operand(0));
      } else if (ins.opcode() == OpCode.CALL_INDIRECT) {
        ft = types.get((int) ins.operand(0));
      } else {
        return 0;
      }
      int cost = 0;
      if (io.ipvm.compiler.codegen.Descriptors.isWide(ft)) {
        cost += 16 * ft.params().size();
      }
      if (ft.results().size() > 1) {
        cost += 16 * ft.results().size();
      }
      return cost;
    }

    /** Whether any value a function handles may be a reference (a conservative answer). */
    private boolean usesReferences(
        FunctionType type, List<ValType> locals, List<AnnotatedInstruction> code) {
      if (hasRef(type) || locals.stream().anyMatch(ValType::isReference)) {
        return true;
      }
      for (AnnotatedInstruction ins : code) {
        switch (ins.opcode()) {
          case REF_NULL,
              REF_FUNC,
              REF_IS_NULL,
              TABLE_GET,
              TABLE_SET,
              TABLE_GROW,
              TABLE_FILL,
              SELECT_T -> {
            return true;
          }
          case GLOBAL_GET, GLOBAL_SET -> {
            if (globals.get((int) ins.operand(0)).type().isReference()) {
              return true;
            }
          }
          case CALL -> {
            if (hasRef(functionTypes.get((int) ins.operand(0)))) {
              return true;
            }
          }
          case CALL_INDIRECT -> {
            if (hasRef(types.get((int) ins.operand(0)))) {
              return true;
            }
          }
          case BLOCK, LOOP, IF -> {
            long bt = ins.operand(0);
            if (bt == 0x70 || bt == 0x6F) {
              return true;
            }
            if (bt != 0x40
                && bt != 0x7F
                && bt != 0x7E
                && bt != 0x7D
                && bt != 0x7C
                && hasRef(types.get((int) bt))) {
              return true;
            }
          }
          default -> {}
        }
      }
      return false;
    }

    private static boolean hasRef(FunctionType t) {
      return t.params().stream().anyMatch(ValType::isReference)
          || t.results().stream().anyMatch(ValType::isReference);
    }

    private byte[] contextClass(String name) {
      ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
      // Metered code keeps its fuel in MeteredContext; plain code's context does not carry those
      // fields (a bigger context measurably slowed plain code: sha256 5.0 -> 6.0 ms/op).
      String superClass =
          (options.metered() ? RuntimeClass.METERED_CONTEXT : RuntimeClass.CONTEXT).internalName();
      cw.visit(V21, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, name, null, superClass, null);
      for (GlobalPlan g : globals) {
        if (g.kind() == GlobalPlan.Kind.FIELD) {
          cw.visitField(ACC_PUBLIC, g.field(), g.type().descriptor(), null, null).visitEnd();
        }
      }
      MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "<init>", "()V", null, null);
      mv.visitCode();
      mv.visitVarInsn(ALOAD, 0);
      mv.visitMethodInsn(INVOKESPECIAL, superClass, "<init>", "()V", false);
      mv.visitInsn(RETURN);
      mv.visitMaxs(0, 0);
      mv.visitEnd();
      cw.visitEnd();
      return cw.toByteArray();
    }
  }

  private static final Object NOT_CONSTANT = new Object();

  /** A constant of type {@code t} as {@link ConstantFolding} holds it (floats as raw bits). */
  static ConstantFolding.Value foldingValue(ValType t, Number v) {
    long bits =
        switch (t) {
          case I32 -> v.intValue();
          case I64 -> v.longValue();
          case F32 -> Float.floatToRawIntBits(v.floatValue()) & 0xFFFF_FFFFL;
          case F64 -> Double.doubleToRawLongBits(v.doubleValue());
          default -> throw new IllegalArgumentException("not a numeric type: " + t);
        };
    return new ConstantFolding.Value(t, bits);
  }

  /** The folded value of a constant expression, or NOT_CONSTANT if it reads another global. */
  private static Object constantOf(List<Instruction> init) {
    Instruction first = init.get(0);
    return switch (first.opcode()) {
      case I32_CONST -> (int) first.operand(0);
      case I64_CONST -> first.operand(0);
      case F32_CONST -> Float.intBitsToFloat((int) first.operand(0));
      case F64_CONST -> Double.longBitsToDouble(first.operand(0));
      case REF_NULL -> null;
      default -> NOT_CONSTANT;
    };
  }

  private static boolean usesMemory(List<AnnotatedInstruction> code) {
    for (AnnotatedInstruction ins : code) {
      if (MEMORY_OPS[ins.opcode().ordinal()]) {
        return true;
      }
    }
    return false;
  }

  /** By opcode ordinal: loads, stores and memory.size (decided once, not per instruction). */
  private static final boolean[] MEMORY_OPS = new boolean[OpCode.values().length];

  static {
    for (OpCode op : OpCode.values()) {
      String n = op.name();
      MEMORY_OPS[op.ordinal()] =
          n.contains("LOAD") || n.contains("STORE") || op == OpCode.MEMORY_SIZE;
    }
  }

  /** io/ipvm/generated/X → io.ipvm.generated.X */
  public static String binaryName(String internal) {
    return internal.replace('/', '.');
  }
}
