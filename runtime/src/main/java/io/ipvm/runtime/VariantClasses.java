package io.ipvm.runtime;

/**
 * Where a module finds the class of a specialized variant compiled earlier ({@link
 * WasmModule#specialize}) — by this compiler build, for this module, these options, this function
 * and these fixed arguments — and leaves the ones it compiles: the class cache's variant store
 * ({@code ClassCache}), so that a second process starts with the first one's variants. The bytes
 * are defined in the JVM as they are, so they must come from a trusted store.
 */
public interface VariantClasses {
  /**
   * The class compiled earlier for function {@code funcIndex} with the fixed arguments {@code
   * constants} ({@link WasmModule#constantsKey}), or null.
   */
  byte[] find(int funcIndex, String constants);

  /** A variant's class just compiled, to keep for next time. */
  void compiled(int funcIndex, String constants, byte[] classBytes);
}
