package io.ipvm.ipld.car;

/**
 * A CAR file cannot be read or written: a bad header, truncated input, a block whose bytes do not
 * hash to its CID, a block missing from the store during export. The message names the block (its
 * index and CID) and the byte offset where there is one.
 */
public final class CarException extends RuntimeException {
  public CarException(String message) {
    super(message);
  }

  public CarException(String message, Throwable cause) {
    super(message, cause);
  }
}
