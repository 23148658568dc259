package io.ipvm.ipld.store;

import io.ipvm.ipld.Cid;

/**
 * Bytes that were read or fetched as the block {@link #cid()} do not hash to it: a damaged block
 * file, or a remote store that returned the wrong bytes. Never thrown for data a caller passes to
 * {@code put} (that is a plain {@link BlockStoreException}).
 */
public class CorruptBlockException extends BlockStoreException {
  public CorruptBlockException(Cid cid, String message) {
    super(cid, message);
  }
}
