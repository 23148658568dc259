package io.ipvm.compiler;

import io.ipvm.compiler.validate.InvalidModuleException;

/**
 * A valid module whose code would break a limit of the JVM's class-file format (65,535 bytes of
 * bytecode per method, 65,535 constant-pool entries per class). The spec lets an implementation
 * refuse a module over its limits; it is refused the way an invalid one is (the runtime reports a
 * {@code ModuleException.Invalid}), with a message naming the limit and the function, instead of an
 * internal error escaping from ASM.
 */
public final class ImplementationLimitException extends InvalidModuleException {
  private static final long serialVersionUID = 1L;

  /**
   * @param detail which limit and by how much, without the location
   * @param functionIndex the function whose code is too big, or -1 when not known
   */
  public ImplementationLimitException(String detail, int functionIndex) {
    super("implementation limit: " + detail, -1, functionIndex);
  }
}
