package io.ipvm.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both engines on hand-written modules: same traces, and time budgets that hold. */
class EnginesTest {
  @TempDir Path dir;

  private static final String LOGS =
      """
      (module
        (import "fuzzing-support" "log-i32" (func $li (param i32)))
        (import "fuzzing-support" "log-f64" (func $ld (param f64)))
        (func (export "a") (result i64 f32)
          i32.const -7 call $li
          f64.const -0.0 call $ld
          f64.const nan:0x1234 call $ld
          i64.const -1 f32.const 1.5)
        (func (export "div") (param i32) (result i32) i32.const 1 local.get 0 i32.div_s)
        (func (export "nan") (result f32) f32.const -nan:0x7 f32.const 0 f32.add)
        (func (export "trunc") (result i32) f32.const 1e10 i32.trunc_f32_s))
      """;

  private static final String SPIN = "(module (func (export \"spin\") (loop br 0)))";

  private Path wasm(String name, String wat) throws Exception {
    Path text = dir.resolve(name + ".wat");
    Path out = dir.resolve(name + ".wasm");
    Files.writeString(text, wat);
    Process p =
        new ProcessBuilder("wat2wasm", text.toString(), "-o", out.toString()).inheritIO().start();
    p.waitFor(30, TimeUnit.SECONDS);
    assertEquals(0, p.exitValue(), "wat2wasm " + name);
    return out;
  }

  @Test
  void bothEnginesGiveTheSameTraceAndAHangIsATimeoutThatDoesNotStopTheBatch() throws Exception {
    Tools.require("node", "wat2wasm");
    Path logs = wasm("logs", LOGS);
    Path spin = wasm("spin", SPIN);
    List<String> expected =
        List.of(
            "log i32:-7",
            "log f64:0x8000000000000000",
            "log f64:nan",
            "a -> i64:-1 f32:0x3fc00000",
            "div -> trap div0",
            "nan -> f32:nan",
            "trunc -> trap float-to-int");
    List<EngineResult> v8 =
        new NodeEngine("node", dir.resolve("node"))
            .runAll(
                List.of(logs, spin, logs),
                List.of(Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(30)));
    assertEquals(EngineResult.ran(expected), v8.get(0));
    assertEquals(EngineResult.Status.TIMEOUT, v8.get(1).status());
    assertEquals(EngineResult.ran(expected), v8.get(2), "the batch goes on after a hang");

    try (JvmEngine jvm = new JvmEngine(Duration.ofSeconds(2))) {
      for (JvmEngine.Mode mode : JvmEngine.Mode.values()) {
        EngineResult r = jvm.run(Files.readAllBytes(logs), mode);
        assertEquals(EngineResult.Status.RAN, r.status(), mode + ": " + r.message());
        assertEquals(Verdict.IDENTICAL, Verdict.of(v8.get(0), r, false), mode + ": " + r.trace());
        assertEquals("trunc -> trap overflow", r.trace().getLast(), "ipvm-jvm is specific");
      }
      // Metered code is interrupted at the deadline; bounded code runs out of fuel first.
      assertEquals(
          EngineResult.Status.TIMEOUT,
          jvm.run(Files.readAllBytes(spin), JvmEngine.Mode.METERED).status());
      assertEquals(0, jvm.abandonedThreads());
    }
    try (JvmEngine patient = new JvmEngine(Duration.ofSeconds(30))) {
      assertEquals(
          EngineResult.Status.BOUNDED,
          patient.run(Files.readAllBytes(spin), JvmEngine.Mode.BOUNDED).status());
    }
  }
}
