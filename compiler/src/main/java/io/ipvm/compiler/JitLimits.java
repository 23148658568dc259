package io.ipvm.compiler;

/**
 * What the running JVM's JIT will compile. HotSpot never compiles a method with more than 8,000
 * bytes of bytecode unless it runs with {@code -XX:-DontCompileHugeMethods}; such a method stays in
 * the interpreter however hot it is. So by default the compiler splits big functions into methods
 * under that size, and only when the JVM compiles huge methods may it keep a big loop in one method
 * (see {@link CompileOptions#hugeMethods()}).
 */
public final class JitLimits {
  private JitLimits() {}

  /**
   * The rule for huge methods: with huge methods allowed, a function too big for one 8,000-byte
   * method is kept whole only if its whole method has at most this many bytes of bytecode; a bigger
   * one is split (ladders flattened: a dispatch loop calling its cases as sibling methods) as if
   * huge methods were not allowed. The JVM's own limit is 65,535.
   *
   * <p>Why: HotSpot's C1 gives up on such methods ("out of virtual registers" from about 13 KB,
   * "Method and/or inlining is too large" from about 25 KB), so a huge method runs in the bytecode
   * interpreter until C2 compiles it, and again after every deoptimization; C2 itself takes many
   * seconds on a 40 KB method. An interpreter's dispatch loop meets a new opcode path, traps and is
   * interpreted again for the next C2 compile: Lua 5.4's {@code luaV_execute} (43,732 bytes whole)
   * made {@code bench.lua} take 38–46 s whole against 24–32 s split. Below the cap the whole method
   * wins: KernelBench's {@code script} interpreter (15,223 bytes) is about 140 ms/op whole against
   * 730 ms/op split. Measured caps (compiler/README.md, "Huge methods"; loaded 2-core machine):
   * 60,000 (the old value) keeps {@code luaV_execute} whole; 32,000, 24,000 and 20,000 split it and
   * are within the noise of each other; splitting everything is slower (Lua, SQLite). 24,000 sits
   * under C1's "too large" bail-out, with room above {@code script}'s 15 KB.
   */
  public static final int HUGE_METHOD_MAX_BYTES = 24_000;

  /**
   * Whether this JVM JIT-compiles methods over 8,000 bytecode bytes: HotSpot's {@code
   * DontCompileHugeMethods} is off. False when the flag cannot be read (another JVM). Read once;
   * costs a few milliseconds (the management classes) the first time.
   */
  public static boolean hugeMethodsCompiled() {
    return Holder.HUGE_METHODS_COMPILED;
  }

  private static final class Holder {
    static final boolean HUGE_METHODS_COMPILED = read();

    private static boolean read() {
      try {
        var bean =
            java.lang.management.ManagementFactory.getPlatformMXBean(
                com.sun.management.HotSpotDiagnosticMXBean.class);
        return bean != null
            && "false".equals(bean.getVMOption("DontCompileHugeMethods").getValue());
      } catch (RuntimeException | LinkageError e) {
        return false;
      }
    }
  }
}
