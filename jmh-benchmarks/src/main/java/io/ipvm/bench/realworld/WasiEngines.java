package io.ipvm.bench.realworld;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import io.ipvm.runtime.WasmModule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.ByteSequence;
import org.graalvm.polyglot.io.IOAccess;

/**
 * One RealWorldBench run (a WASI command) on one engine: the module is compiled once; each {@link
 * #runOnce} makes a fresh instance with fresh WASI state and calls {@code _start} to completion, on
 * a thread with a 256 MiB stack.
 */
public abstract class WasiEngines implements AutoCloseable {

  public static final String IPVM = "ipvm";

  /** ipvm-jvm's adaptive tier: entry checks, profiles, variants (KernelBench's ipvm-adaptive). */
  public static final String IPVM_ADAPTIVE = "ipvm-adaptive";

  public static final String CHICORY_COMPILER = "chicory-compiler";
  public static final String GRAALWASM = "graalwasm";

  public static final List<String> ALL = List.of(IPVM, IPVM_ADAPTIVE, CHICORY_COMPILER, GRAALWASM);

  protected final RealWorldRuns runs;
  protected final RealWorldRuns.Run run;

  WasiEngines(RealWorldRuns runs, RealWorldRuns.Run run) {
    this.runs = runs;
    this.run = run;
  }

  /** Compiles the run's module on {@code engine}. */
  public static WasiEngines create(String engine, RealWorldRuns runs, RealWorldRuns.Run run)
      throws IOException {
    byte[] wasm = Files.readAllBytes(run.wasm(runs));
    return switch (engine) {
      case IPVM -> new Ipvm(runs, run, wasm, false);
      case IPVM_ADAPTIVE -> new Ipvm(runs, run, wasm, true);
      case CHICORY_COMPILER -> new Chicory(runs, run, wasm);
      case GRAALWASM -> new Graal(runs, run, wasm);
      default -> throw new IllegalArgumentException("unknown engine " + engine + "; one of " + ALL);
    };
  }

  /** Runs the command once; returns its exit status. */
  public final int runOnce(OutputStream out, OutputStream err) {
    return IpvmWasi.onBigStack("realworld", () -> start(out, err));
  }

  protected abstract int start(OutputStream out, OutputStream err) throws Exception;

  @Override
  public void close() {}

  /**
   * Runs once and checks standard output and exit status against the expected files.
   *
   * @throws IllegalStateException when they differ
   */
  public void verify(String engine, String when) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = runOnce(out, err);
    String want = Files.readString(run.expectedOutput(runs), StandardCharsets.UTF_8);
    int wantStatus = Integer.parseInt(Files.readString(run.expectedExit(runs)).strip());
    String got = out.toString(StandardCharsets.UTF_8);
    if (status != wantStatus || !got.equals(want)) {
      throw new IllegalStateException(
          String.format(
              "%s: engine %s, run %s: exit %d (expected %d), output %s the expected %s;"
                  + " standard error: %s",
              when,
              engine,
              run.name(),
              status,
              wantStatus,
              got.equals(want) ? "equals" : "differs from",
              run.expectedOutput(runs),
              err.toString(StandardCharsets.UTF_8)));
    }
  }

  static final class Ipvm extends WasiEngines {
    private final WasmModule module;

    Ipvm(RealWorldRuns runs, RealWorldRuns.Run run, byte[] wasm, boolean adaptive) {
      super(runs, run);
      module =
          adaptive
              ? io.ipvm.runtime.Engine.create(
                      io.ipvm.runtime.Engine.Config.defaults()
                          .withSpecialization(io.ipvm.profiler.SpecializationPolicy.adaptive()))
                  .compile(wasm, io.ipvm.compiler.CompileOptions.DEFAULT.withEntryChecks(true))
              : WasmModule.compile(wasm);
    }

    @Override
    protected int start(OutputStream out, OutputStream err) {
      return IpvmWasi.runHere(module, runs, run, out, err);
    }
  }

  /** Chicory 1.7.5's compiler with chicory-wasi. */
  static final class Chicory extends WasiEngines {
    private final com.dylibso.chicory.wasm.WasmModule module;
    private final Function<Instance, Machine> machines;

    Chicory(RealWorldRuns runs, RealWorldRuns.Run run, byte[] wasm) {
      super(runs, run);
      module = Parser.parse(wasm);
      machines = MachineFactoryCompiler.compile(module);
    }

    @Override
    protected int start(OutputStream out, OutputStream err) {
      WasiOptions.Builder options =
          WasiOptions.builder()
              .withArguments(run.argv())
              .withStdin(InputStream.nullInputStream())
              .withStdout(out)
              .withStderr(err);
      for (Map.Entry<Path, String> dir : run.preopens(runs).entrySet()) {
        options.withDirectory(dir.getValue(), dir.getKey());
      }
      try (WasiPreview1 wasi = WasiPreview1.builder().withOptions(options.build()).build()) {
        ImportValues imports = ImportValues.builder().addFunction(wasi.toHostFunctions()).build();
        Instance instance =
            Instance.builder(module)
                .withImportValues(imports)
                .withMachineFactory(machines)
                .withStart(false)
                .build();
        try {
          instance.export("_start").apply();
          return 0;
        } catch (WasiExitException e) {
          return e.exitCode();
        }
      }
    }
  }

  /** GraalWasm 25 with its WASI builtins; one Engine (code cache), a new Context per run. */
  static final class Graal extends WasiEngines {
    private final Engine engine;
    private final Source source;

    Graal(RealWorldRuns runs, RealWorldRuns.Run run, byte[] wasm) throws IOException {
      super(runs, run);
      ByteArrayOutputStream log = new ByteArrayOutputStream();
      engine =
          Engine.newBuilder("wasm")
              .err(log)
              .logHandler(log)
              .option("engine.WarnInterpreterOnly", "true")
              .build();
      String implementation = engine.getImplementationName();
      String text = log.toString(StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
      if (text.contains("fallback runtime")
          || text.contains("interpreter-only")
          || text.contains("does not support runtime compilation")
          || implementation.toLowerCase(Locale.ROOT).contains("interpret")
          || implementation.toLowerCase(Locale.ROOT).contains("fallback")) {
        engine.close();
        throw new IllegalStateException(
            "GraalWasm runs without its JIT (engine '"
                + implementation
                + "'): start it through benchmarks.jar (BenchMain adds the JVMCI options). "
                + log.toString(StandardCharsets.UTF_8).strip());
      }
      System.err.println("[graalwasm] polyglot engine: " + implementation);
      source = Source.newBuilder("wasm", ByteSequence.create(wasm), run.program()).build();
    }

    @Override
    protected int start(OutputStream out, OutputStream err) {
      StringJoiner dirs = new StringJoiner(",");
      for (Map.Entry<Path, String> dir : run.preopens(runs).entrySet()) {
        dirs.add(dir.getValue() + "::" + dir.getKey());
      }
      try (Context context =
          Context.newBuilder("wasm")
              .engine(engine)
              .in(InputStream.nullInputStream())
              .out(out)
              .err(err)
              .allowIO(IOAccess.ALL)
              .arguments("wasm", run.argv().toArray(String[]::new))
              .option("wasm.Builtins", "wasi_snapshot_preview1")
              .option("wasm.WasiMapDirs", dirs.toString())
              .build()) {
        Value module = context.eval(source);
        Value instance = module.canInstantiate() ? module.newInstance() : module;
        Value exports = instance.hasMember("exports") ? instance.getMember("exports") : instance;
        try {
          exports.getMember("_start").execute();
          return 0;
        } catch (PolyglotException e) {
          if (e.isExit()) {
            return e.getExitStatus();
          }
          throw e;
        }
      }
    }

    @Override
    public void close() {
      engine.close();
    }
  }

  /** Discards output; counts bytes. */
  public static final class Sink extends OutputStream {
    public long bytes;

    @Override
    public void write(int b) {
      bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      bytes += len;
    }
  }

  static UncheckedIOException unchecked(IOException e) {
    return new UncheckedIOException(e);
  }
}
