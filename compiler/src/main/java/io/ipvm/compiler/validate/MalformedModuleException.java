package io.ipvm.compiler.validate;

/**
 * A module whose bytes are not a well-formed WebAssembly 2.0 binary (a reserved byte that is not
 * {@code 0x00}, an opcode or type encoding that only later versions define, a name that is not
 * UTF-8, ...). This is the "malformed" class of the spec; the spec suite's {@code assert_malformed}
 * modules end here (or in Chicory's own {@code MalformedException}).
 *
 * <p>Same shape as {@link InvalidModuleException}; the two are siblings because the spec keeps
 * decoding errors and validation errors apart.
 */
public class MalformedModuleException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long byteOffset;
  private final int functionIndex;

  /**
   * @param detail what was wrong, without the location (it is appended here)
   * @param byteOffset offset in the module's bytes where the problem is, or -1 when unknown
   * @param functionIndex index in the function index space (imports first) of the function whose
   *     body has the problem, or -1 when it is not inside a function body
   */
  public MalformedModuleException(String detail, long byteOffset, int functionIndex) {
    super(InvalidModuleException.describe(detail, byteOffset, functionIndex));
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
}
