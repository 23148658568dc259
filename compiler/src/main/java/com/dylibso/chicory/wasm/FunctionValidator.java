package com.dylibso.chicory.wasm;

import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionBody;

/**
 * Chicory's validation of one function body, reachable from outside its package. Chicory validates
 * bodies only while building a whole {@link WasmModule} (all bodies at once, each decoded into
 * objects first); its {@code Validator} can check one body against a module's declarations, but is
 * package-private. This class lives in Chicory's package (ipvm runs on the class path, where split
 * packages are allowed) so that a plan can validate bodies one group at a time without holding them
 * all (io.ipvm.compiler.ModulePlan). It only calls Chicory's own code; tied to the Chicory version
 * in the build (1.7.5).
 *
 * <p>Not thread-safe: one per thread.
 */
public final class FunctionValidator {
  private final WasmModule declarations;
  private final int importedFunctions;
  private final Validator validator;

  /**
   * A validator against {@code declarations}: a module whose declarations are those of the module
   * whose bodies will be checked (its own bodies are not looked at).
   */
  public FunctionValidator(WasmModule declarations) {
    this.declarations = declarations;
    this.importedFunctions = declarations.importSection().count(ExternalType.FUNCTION);
    this.validator = new Validator(declarations);
  }

  /**
   * Validates the body of function {@code funcIndex} (imports first; a function the module defines)
   * as building the module would.
   *
   * @throws InvalidException if it does not validate
   */
  public void validate(int funcIndex, FunctionBody body) {
    int typeIndex = declarations.functionSection().getFunctionType(funcIndex - importedFunctions);
    validator.validateFunction(funcIndex, body, declarations.typeSection().getType(typeIndex));
  }
}
