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
 */
public record CompileOptions(boolean metered, boolean hugeMethods) {
  /** Plain code: no fuel counting, no deadline checks; huge methods if this JVM compiles them. */
  public static final CompileOptions DEFAULT =
      new CompileOptions(false, JitLimits.hugeMethodsCompiled());

  /** Code that meters fuel and checks the deadline; huge methods if this JVM compiles them. */
  public static final CompileOptions METERED =
      new CompileOptions(true, JitLimits.hugeMethodsCompiled());

  /** These options with {@code hugeMethods} set as given. */
  public CompileOptions withHugeMethods(boolean huge) {
    return new CompileOptions(metered, huge);
  }

  /** A stable text form of every option, for cache keys: e.g. {@code "metered=false"}. */
  public String key() {
    return "metered=" + metered + (hugeMethods ? ",hugeMethods" : "");
  }
}
