package io.ipvm.compiler;

/**
 * Every setting that changes the code {@link ModuleCompiler} generates. Two compilations of the
 * same module with equal options produce the same classes, so the options are part of the
 * compiled-class cache key ({@link #key()}).
 *
 * @param metered whether the generated code counts fuel and checks the fuel limit and the deadline
 *     (the "limited" variant; unmetered code pays nothing for limits it does not have)
 */
public record CompileOptions(boolean metered) {
  /** Plain code: no fuel counting, no deadline checks. */
  public static final CompileOptions DEFAULT = new CompileOptions(false);

  /** Code that meters fuel and checks the deadline. */
  public static final CompileOptions METERED = new CompileOptions(true);

  /** A stable text form of every option, for cache keys: e.g. {@code "metered=false"}. */
  public String key() {
    return "metered=" + metered;
  }
}
