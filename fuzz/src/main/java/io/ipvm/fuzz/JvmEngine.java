package io.ipvm.fuzz;

import io.ipvm.compiler.CompileOptions;
import io.ipvm.runtime.HostFunction;
import io.ipvm.runtime.Imports;
import io.ipvm.runtime.Instance;
import io.ipvm.runtime.Limits;
import io.ipvm.runtime.ModuleException;
import io.ipvm.runtime.TrapKind;
import io.ipvm.runtime.WasmModule;
import io.ipvm.runtime.WasmTrap;
import io.ipvm.wasm.FunctionType;
import io.ipvm.wasm.ValType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a module in ipvm-jvm the way the Node driver runs it in V8: the same {@code fuzzing-support}
 * log imports, then every exported function in export order with zero arguments, the hang limit
 * reset before each call, recording a {@link TraceFormat} trace.
 *
 * <p>Only {@link ModuleException} and {@link WasmTrap} are documented outcomes; any other exception
 * or error from compile, instantiate or a call is a {@link EngineResult.Status#CRASH}. Each module
 * runs on a worker thread with a time budget: metered code is interrupted at the deadline; plain
 * code cannot be stopped from outside, so its thread is abandoned (a daemon) and the next module
 * gets a fresh one.
 */
public final class JvmEngine implements AutoCloseable {
  /** How a module is compiled and run. */
  public enum Mode {
    /** {@link CompileOptions#DEFAULT}, no limits. */
    PLAIN,
    /** {@link CompileOptions#METERED} with ample fuel: traces must equal the plain ones. */
    METERED,
    /**
     * For mutants, which may loop forever: compiled plain (checked for crashes only), then run
     * metered with a bounded amount of fuel.
     */
    BOUNDED
  }

  /** Fuel for {@link Mode#METERED}: far more than a hang-limited module can use. */
  static final long AMPLE_FUEL = 1L << 50;

  /** Fuel for {@link Mode#BOUNDED}: about a second of work, then the mutant is inconclusive. */
  static final long BOUNDED_FUEL = 200_000_000L;

  /** Memory for {@link Mode#BOUNDED}: a mutant may ask for gigabytes. */
  static final long BOUNDED_MEMORY = 256L << 20;

  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final ThreadFactory FACTORY =
      r -> {
        // V8's stack is about 1 MB; a big JVM stack keeps "call stack exhausted" from striking
        // earlier than in V8 for the shallow recursion hang limits allow.
        Thread t = new Thread(null, r, "fuzz-jvm-" + THREADS.incrementAndGet(), 64L << 20);
        t.setDaemon(true);
        return t;
      };

  private final Duration timeout;
  private final CodeVariant variant;
  private ExecutorService worker = Executors.newSingleThreadExecutor(FACTORY);
  private int abandoned;

  /** An engine giving each module at most {@code timeout}. */
  public JvmEngine(Duration timeout) {
    this(timeout, CodeVariant.DEFAULT);
  }

  /** An engine giving each module at most {@code timeout}, compiling to {@code variant}. */
  public JvmEngine(Duration timeout, CodeVariant variant) {
    this.timeout = timeout;
    this.variant = variant;
  }

  /** Threads left running after a plain module overran its budget (each is a failure). */
  public int abandonedThreads() {
    return abandoned;
  }

  /** Compiles and runs {@code wasm} in the given mode. */
  public EngineResult run(byte[] wasm, Mode mode) {
    List<String> trace = Collections.synchronizedList(new ArrayList<>());
    Limits limits =
        switch (mode) {
          case PLAIN -> Limits.none();
          case METERED -> new Limits(AMPLE_FUEL, Long.MAX_VALUE);
          case BOUNDED -> new Limits(BOUNDED_FUEL, BOUNDED_MEMORY);
        };
    Future<EngineResult> future = worker.submit(() -> execute(wasm, mode, limits, trace));
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      if (mode != Mode.PLAIN) {
        limits.interrupt();
        try {
          // Metered code stops at its next loop head or function entry.
          return future.get(10, TimeUnit.SECONDS);
        } catch (TimeoutException | InterruptedException | ExecutionException again) {
          // fall through: abandon it like plain code
        }
      }
      future.cancel(true);
      worker.shutdownNow();
      worker = Executors.newSingleThreadExecutor(FACTORY);
      abandoned++;
      return EngineResult.of(
          EngineResult.Status.TIMEOUT,
          "ipvm-jvm did not finish within " + timeout.toSeconds() + " s",
          snapshot(trace));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running a module", e);
    } catch (ExecutionException e) {
      return crash("harness", e.getCause(), trace);
    }
  }

  private static List<String> snapshot(List<String> trace) {
    synchronized (trace) {
      return List.copyOf(trace);
    }
  }

  private EngineResult execute(byte[] wasm, Mode mode, Limits limits, List<String> trace) {
    WasmModule module;
    try {
      // BOUNDED compiles both variants: the plain compiler is what mutants are meant to
      // stress, the metered one is what can be stopped.
      module =
          variant.compile(
              wasm, mode == Mode.METERED ? CompileOptions.METERED : CompileOptions.DEFAULT);
      if (mode == Mode.BOUNDED) {
        module = variant.compile(wasm, CompileOptions.METERED);
      }
    } catch (ModuleException e) {
      return EngineResult.of(EngineResult.Status.REJECTED, String.valueOf(e.getMessage()), trace);
    } catch (Throwable t) {
      return crash("compile", t, trace);
    }
    Instance instance;
    try {
      instance = module.instantiate(imports(trace), limits);
    } catch (ModuleException.LimitExceeded e) {
      return EngineResult.of(EngineResult.Status.BOUNDED, String.valueOf(e.getMessage()), trace);
    } catch (ModuleException e) {
      return EngineResult.of(EngineResult.Status.UNLINKABLE, String.valueOf(e.getMessage()), trace);
    } catch (WasmTrap t) {
      EngineResult stop = stopped(t, trace);
      if (stop != null) {
        return stop;
      }
      trace.add("instantiate -> trap " + TraceFormat.trapKind(t.kind()));
      return EngineResult.ran(snapshot(trace));
    } catch (Throwable t) {
      return crash("instantiate", t, trace);
    }
    List<WasmModule.ExportDescriptor> functions = new ArrayList<>();
    boolean hangLimit = false;
    for (WasmModule.ExportDescriptor e : module.exports()) {
      if (e.functionType() != null) {
        functions.add(e);
        hangLimit |= e.name().equals("hangLimitInitializer");
      }
    }
    for (WasmModule.ExportDescriptor e : functions) {
      FunctionType type = e.functionType();
      String line = e.name() + " -> ";
      try {
        if (hangLimit) {
          instance.call("hangLimitInitializer");
        }
        Object[] results = instance.call(e.name(), zeros(type.params()));
        List<String> values = new ArrayList<>();
        for (int i = 0; i < results.length; i++) {
          values.add(TraceFormat.value(type.results().get(i), results[i]));
        }
        line += values.isEmpty() ? "void" : String.join(" ", values);
      } catch (WasmTrap t) {
        EngineResult stop = stopped(t, trace);
        if (stop != null) {
          return stop;
        }
        line += "trap " + TraceFormat.trapKind(t.kind());
      } catch (Throwable t) {
        return crash("call " + e.name(), t, trace);
      }
      trace.add(line);
    }
    if (memoryLimitReached(instance)) {
      return EngineResult.of(
          EngineResult.Status.BOUNDED, "memory.grow refused at the memory limit", trace);
    }
    return EngineResult.ran(snapshot(trace));
  }

  /** Whether a memory.grow failed only because of the harness's memory limit. */
  private static boolean memoryLimitReached(Instance instance) {
    io.ipvm.runtime.Memory memory = instance.memory();
    return memory != null && memory.limitReached();
  }

  /** Fuel exhaustion and interruption end the run: they are the harness's bounds, not results. */
  private static EngineResult stopped(WasmTrap t, List<String> trace) {
    if (t.kind() == TrapKind.FUEL_EXHAUSTED) {
      return EngineResult.of(EngineResult.Status.BOUNDED, "fuel exhausted", snapshot(trace));
    }
    if (t.kind() == TrapKind.INTERRUPTED) {
      return EngineResult.of(EngineResult.Status.TIMEOUT, "interrupted at the deadline", trace);
    }
    return null;
  }

  private static EngineResult crash(String where, Throwable t, List<String> trace) {
    // A VerifyError's message holds the whole method's bytecode: its first lines (reason and
    // location) are what a reader needs.
    String text = String.join("\n", String.valueOf(t).lines().limit(4).toList());
    StringBuilder message = new StringBuilder(where).append(": ").append(text);
    StackTraceElement[] frames = t.getStackTrace();
    for (int i = 0; i < Math.min(4, frames.length); i++) {
      message.append("\n    at ").append(frames[i]);
    }
    return EngineResult.of(EngineResult.Status.CRASH, message.toString(), snapshot(trace));
  }

  private static Imports imports(List<String> trace) {
    Imports imports = new Imports();
    for (ValType type : List.of(ValType.I32, ValType.I64, ValType.F32, ValType.F64)) {
      imports.add(
          "fuzzing-support",
          "log-" + type.wasmName(),
          HostFunction.of(
              FunctionType.of(List.of(type), List.of()),
              args -> {
                trace.add("log " + TraceFormat.value(type, args[0]));
                return null;
              }));
    }
    return imports;
  }

  private static Object[] zeros(List<ValType> params) {
    Object[] args = new Object[params.size()];
    for (int i = 0; i < args.length; i++) {
      args[i] =
          switch (params.get(i)) {
            case I32 -> 0;
            case I64 -> 0L;
            case F32 -> 0f;
            case F64 -> 0d;
            case FUNCREF, EXTERNREF -> null;
          };
    }
    return args;
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
