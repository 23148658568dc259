package io.ipvm.compiler.validate;

/**
 * A WebAssembly 2.0 module that decodes but breaks a validation rule (an index out of range, a
 * duplicate export name, more than one memory, ...). This is the "invalid" class of the spec; the
 * spec suite's {@code assert_invalid} modules must end here (or in Chicory's own {@code
 * InvalidException}).
 *
 * <p>The message names the rule and where it was broken, e.g. {@code unknown global 3 in data
 * segment 0 at byte offset 0x2f}.
 */
public class InvalidModuleException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long byteOffset;
  private final int functionIndex;

  /**
   * @param detail what was wrong, without the location (it is appended here)
   * @param byteOffset offset in the module's bytes where the problem is, or -1 when unknown
   * @param functionIndex index in the function index space (imports first) of the function whose
   *     body has the problem, or -1 when it is not inside a function body
   */
  public InvalidModuleException(String detail, long byteOffset, int functionIndex) {
    super(describe(detail, byteOffset, functionIndex));
    this.byteOffset = byteOffset;
    this.functionIndex = functionIndex;
  }

  /** Offset of the problem in the module's bytes, or -1 when unknown. */
  public long byteOffset() {
    return byteOffset;
  }

  /**
   * Index (in the function index space, imported functions first) of the function whose body has
   * the problem, or -1 when the problem is not inside a function body.
   */
  public int functionIndex() {
    return functionIndex;
  }

  /**
   * Appends the location to a detail message; shared with {@link MalformedModuleException} so the
   * two kinds of error read alike.
   */
  static String describe(String detail, long byteOffset, int functionIndex) {
    var message = new StringBuilder(detail);
    if (byteOffset >= 0) {
      message.append(" at byte offset 0x").append(Long.toHexString(byteOffset));
    }
    if (functionIndex >= 0) {
      message.append(" (function ").append(functionIndex).append(')');
    }
    return message.toString();
  }
}
