package io.ipvm.runtime;

import io.ipvm.wasm.FunctionType;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The test module {@code relink/callee.wat} and its host probe, shared by the tests that check
 * which code of a function runs ({@link RecompileTest}, {@link SpecializationTest}): {@code $f}
 * (function 1) calls {@code host.probe}, which records the class of {@code $f}'s frame on the stack
 * — the code that is running.
 */
final class CalleeProbe {
  /** callee.wat's {@code $f(n)} (the probe import is function 0). */
  static final int F = 1;

  /** The class the last probe call on this thread saw running {@code $f}, or null. */
  final ThreadLocal<String> seen = new ThreadLocal<>();

  /** The imports callee.wat needs: {@code host.probe}, recording into {@link #seen}. */
  Imports imports() {
    WasmFunction probe =
        HostFunction.of(
            FunctionType.of(List.of(), List.of()),
            args -> {
              seen.set(
                  StackWalker.getInstance()
                      .walk(
                          s ->
                              s.filter(fr -> fr.getMethodName().equals("f" + F))
                                  .map(StackWalker.StackFrame::getClassName)
                                  .findFirst()
                                  .orElse("none")));
              return null;
            });
    return new Imports().add("host", "probe", probe);
  }

  /** What {@code $f(n)} returns: the sum of 3i + 1 for i below n, plus n. */
  static int expected(int n) {
    int acc = 0;
    for (int i = 0; i < n; i++) {
      acc += 3 * i + 1;
    }
    return acc + n;
  }

  /** A module of the {@code relink} test resources. */
  static byte[] resource(String name) {
    try (InputStream in = CalleeProbe.class.getResourceAsStream("/relink/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
