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
