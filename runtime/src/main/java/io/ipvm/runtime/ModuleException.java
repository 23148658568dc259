package io.ipvm.runtime;

/**
 * A module could not be loaded, linked or instantiated. The subclass says which step failed; the
 * message says what was wrong and, where known, where ({@link #byteOffset()}, {@link
 * #functionIndex()}).
 */
public class ModuleException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long byteOffset;
  private final int functionIndex;

  /** A failure at an unknown place. */
  public ModuleException(String message, Throwable cause) {
    this(message, cause, -1, -1);
  }

  /** A failure at a known place ({@code -1} where not known). */
  public ModuleException(String message, Throwable cause, long byteOffset, int functionIndex) {
    super(message, cause);
    this.byteOffset = byteOffset;
    this.functionIndex = functionIndex;
  }

  /** Offset in the module's bytes where the problem was found, or -1. */
  public long byteOffset() {
    return byteOffset;
  }

  /** Index of the function the problem is in, or -1. */
  public int functionIndex() {
    return functionIndex;
  }

  /** The bytes are not a well-formed WebAssembly binary. */
  public static final class Malformed extends ModuleException {
    private static final long serialVersionUID = 1L;

    /** See {@link ModuleException#ModuleException(String, Throwable, long, int)}. */
    public Malformed(String message, Throwable cause, long byteOffset, int functionIndex) {
      super(message, cause, byteOffset, functionIndex);
    }
  }

  /** The binary is well-formed but does not validate. */
  public static final class Invalid extends ModuleException {
    private static final long serialVersionUID = 1L;

    /** See {@link ModuleException#ModuleException(String, Throwable, long, int)}. */
    public Invalid(String message, Throwable cause, long byteOffset, int functionIndex) {
      super(message, cause, byteOffset, functionIndex);
    }
  }

  /** The imports given do not satisfy the module's imports. */
  public static final class Unlinkable extends ModuleException {
    private static final long serialVersionUID = 1L;

    /** A link failure. */
    public Unlinkable(String message) {
      super(message, null);
    }
  }

  /** Instantiating would exceed a resource limit the host set ({@link Limits}). */
  public static final class LimitExceeded extends ModuleException {
    private static final long serialVersionUID = 1L;

    /** A limit failure. */
    public LimitExceeded(String message) {
      super(message, null);
    }
  }
}
