package io.ipvm.ipld.ipfs;

/**
 * A call to the IPFS daemon failed: it is not reachable, did not answer in time, answered with an
 * HTTP error (the message includes the daemon's own {@code Message}), or answered with something
 * that is not the expected response. The message is meant to be shown to a user as it is.
 */
public final class IpfsException extends RuntimeException {
  private final int status;

  public IpfsException(String message) {
    this(message, -1, null);
  }

  public IpfsException(String message, Throwable cause) {
    this(message, -1, cause);
  }

  IpfsException(String message, int status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status the daemon answered with, or -1 when there was no HTTP answer. */
  public int status() {
    return status;
  }
}
