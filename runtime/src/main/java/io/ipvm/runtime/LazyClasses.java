package io.ipvm.runtime;

/**
 * Where a lazy module ({@link Engine.Config#lazy()}) finds the class of a function compiled earlier
 * — by this compiler build, for this module and these options — and leaves the classes it compiles:
 * the class cache's per-function store ({@code ClassCache.lazyModule}). The bytes are defined in
 * the JVM as they are, so they must come from a trusted store.
 */
public interface LazyClasses {
  /**
   * The class compiled earlier for defined function {@code funcIndex}, or null when there is none.
   */
  byte[] find(int funcIndex);

  /** A class just compiled for function {@code funcIndex}, to keep for next time. */
  void compiled(int funcIndex, byte[] classBytes);
}
