package io.ipvm.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.ByteSequence;

/**
 * GraalWasm 25 through the polyglot API. Refuses to run without Truffle's optimizing runtime: on a
 * stock JDK, GraalWasm without the JVMCI compiler jars only interprets (it prints a "fallback
 * runtime" warning), which would make the comparison meaningless.
 */
final class GraalWasm {

  private GraalWasm() {}

  static WasmRunner instantiate(String name, byte[] wasm) {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    OutputStream err = new Tee(captured, System.err);
    Context context =
        Context.newBuilder("wasm")
            .err(err)
            .logHandler(err)
            // the default, spelled out: the engine warns when it has no runtime compilation
            .option("engine.WarnInterpreterOnly", "true")
            .build();
    try {
      String implementation = context.getEngine().getImplementationName();
      String log = captured.toString(StandardCharsets.UTF_8);
      String lower = log.toLowerCase(Locale.ROOT);
      if (lower.contains("fallback runtime")
          || lower.contains("interpreter-only")
          || lower.contains("does not support runtime compilation")
          || implementation.toLowerCase(Locale.ROOT).contains("interpret")
          || implementation.toLowerCase(Locale.ROOT).contains("fallback")) {
        throw new IllegalStateException(
            "GraalWasm runs without its JIT (engine implementation '"
                + implementation
                + "'): start the JVM with -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI"
                + " --upgrade-module-path=<compiler, collections, word, truffle-compiler jars"
                + " 25.0.2> (`java -jar benchmarks.jar` does this itself when target/graal-jit/"
                + " is beside the jar). Engine output: "
                + log.strip());
      }
      System.err.println("[graalwasm] polyglot engine: " + implementation);
      Source source = Source.newBuilder("wasm", ByteSequence.create(wasm), name).build();
      Value module = context.eval(source);
      // GraalWasm 25: eval gives a compiled module, instantiated explicitly; exports hang off
      // "exports". (Before 25, eval gave the instance itself, with the exports as members.)
      Value exports = module.canInstantiate() ? module.newInstance().getMember("exports") : module;
      Value bench = function(exports, "bench");
      Value expected = function(exports, "expected");
      return new WasmRunner() {
        @Override
        public long bench() {
          return bench.execute().asLong();
        }

        @Override
        public long expected() {
          return expected.execute().asLong();
        }

        @Override
        public void close() {
          context.close();
        }
      };
    } catch (IOException e) {
      context.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      context.close();
      throw e;
    }
  }

  /** The name of the polyglot implementation in this JVM (to show whether the JIT is on). */
  static String implementationName() {
    try (org.graalvm.polyglot.Engine engine =
        org.graalvm.polyglot.Engine.newBuilder("wasm")
            .option("engine.WarnInterpreterOnly", "false")
            .build()) {
      return engine.getImplementationName();
    }
  }

  private static Value function(Value exports, String name) {
    Value f = exports.getMember(name);
    if (f == null || !f.canExecute()) {
      throw new IllegalArgumentException("the module exports no function " + name);
    }
    return f;
  }

  /** Copies everything written to both streams. */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public synchronized void write(int c) throws IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public synchronized void write(byte[] bytes, int off, int len) throws IOException {
      a.write(bytes, off, len);
      b.write(bytes, off, len);
    }

    @Override
    public synchronized void flush() throws IOException {
      a.flush();
      b.flush();
    }
  }
}
