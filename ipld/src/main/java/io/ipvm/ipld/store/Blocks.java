package io.ipvm.ipld.store;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.IpldException;
import io.ipvm.ipld.Multihash;

/** Hash checks shared by the block stores. */
public final class Blocks {
  private Blocks() {}

  /**
   * Whether {@code data} hashes to {@code cid}'s multihash.
   *
   * @throws BlockStoreException if the CID's hash function cannot be computed here
   */
  public static boolean matches(Cid cid, byte[] data) {
    Multihash expected = cid.multihash();
    Multihash actual;
    try {
      actual = Multihash.digest(expected.code(), data);
    } catch (IpldException e) {
      throw new BlockStoreException(
          cid, "cannot verify block " + cid + ": " + e.getMessage() + " (not supported)", e);
    }
    return actual.equals(expected);
  }

  /**
   * Checks data a caller wants to store under {@code cid}.
   *
   * @throws BlockStoreException if it does not hash to the CID
   */
  public static void checkPut(Cid cid, byte[] data) {
    if (!matches(cid, data)) {
      throw new BlockStoreException(
          cid,
          "refusing to store block "
              + cid
              + ": its "
              + data.length
              + " bytes hash to "
              + Cid.v1(cid.codec(), Multihash.digest(cid.multihash().code(), data))
              + ", not to the CID");
    }
  }

  /**
   * Checks bytes read or fetched as {@code cid}.
   *
   * @param source where the bytes came from, for the message ("file /x/y", "remote store …")
   * @throws CorruptBlockException if they do not hash to the CID
   */
  public static void checkRead(Cid cid, byte[] data, String source) {
    if (!matches(cid, data)) {
      throw new CorruptBlockException(
          cid,
          "corrupt block "
              + cid
              + ": the "
              + data.length
              + " bytes from "
              + source
              + " do not hash to the CID");
    }
  }
}
