package io.ipvm.memo.table;

/** A failure of the memo table or the receipt store (I/O, a block that is not a receipt, …). */
public final class MemoException extends RuntimeException {
  /** With a message naming the operation and the CID. */
  public MemoException(String message) {
    super(message);
  }

  /** With a message naming the operation and the CID, and its cause. */
  public MemoException(String message, Throwable cause) {
    super(message, cause);
  }
}
