package io.ipvm.runtime.internal;

/**
 * The context of metered code ({@code CompileOptions.METERED}): the generated context class of a
 * metered module extends this instead of {@link Context}. A separate class so that plain code's
 * context keeps its size and layout — these two fields in every context slowed plain code (sha256
 * 5.0 → 6.0 ms/op in JMH) although it never touched them.
 */
public abstract class MeteredContext extends Context {
  /**
   * Fuel left: metered code subtracts the Wasm instructions it runs and traps when this goes
   * negative ({@link Ops#checkLimits}).
   */
  public long fuel = Long.MAX_VALUE;

  /**
   * Set by another thread (a deadline timer) to stop metered code at its next check; volatile so
   * the check in a running loop sees it.
   */
  public volatile boolean interrupted;
}
