package io.ipvm.ipld.store;

import io.ipvm.ipld.Cid;

/**
 * A block store operation failed: an I/O error, data that does not hash to the CID it was put
 * under, a CID whose hash function cannot be computed. The message says what failed and for which
 * CID; {@link #cid()} gives the CID when there is one.
 */
public class BlockStoreException extends RuntimeException {
  private final Cid cid;

  public BlockStoreException(Cid cid, String message) {
    super(message);
    this.cid = cid;
  }

  public BlockStoreException(Cid cid, String message, Throwable cause) {
    super(message, cause);
    this.cid = cid;
  }

  /** The CID the failed operation was about, or {@code null}. */
  public Cid cid() {
    return cid;
  }
}
