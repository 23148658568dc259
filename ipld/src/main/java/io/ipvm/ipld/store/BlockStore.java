package io.ipvm.ipld.store;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.Multihash;
import java.util.Optional;

/**
 * A store of IPLD blocks: byte arrays named by the CID of their content. Every implementation
 * checks content against CIDs: {@code put} refuses data that does not hash to its CID, and {@code
 * get} never returns bytes that do not (it throws {@link CorruptBlockException} instead).
 *
 * <p>A CIDv0 and the CIDv1 with the same codec (dag-pb) and multihash name the same block. Byte
 * arrays are copied in and out; callers may modify them afterwards. Implementations are safe for
 * use from several threads. All failures are unchecked {@link BlockStoreException}s naming the CID.
 */
public interface BlockStore {
  /**
   * Stores {@code data} as a block with codec {@code codec} (a {@link io.ipvm.ipld.Multicodec}
   * code), hashed with sha2-256, and returns its CIDv1. Storing a block that is already there is a
   * no-op.
   */
  default Cid put(long codec, byte[] data) {
    return put(codec, Multihash.SHA2_256, data);
  }

  /**
   * Stores {@code data} as a block with codec {@code codec}, hashed with the multihash function
   * {@code multihashCode} ({@link Multihash#SHA2_256}, {@link Multihash#SHA3_256}, {@link
   * Multihash#BLAKE3}, …), and returns its CIDv1.
   */
  default Cid put(long codec, long multihashCode, byte[] data) {
    Cid cid = Cid.of(codec, multihashCode, data);
    put(cid, data);
    return cid;
  }

  /**
   * Stores {@code data} under {@code cid}.
   *
   * @throws BlockStoreException if {@code data} does not hash to {@code cid}, if the CID's hash
   *     function is not supported, or if the store cannot write
   */
  void put(Cid cid, byte[] data);

  /**
   * The block named {@code cid}, or empty if this store does not have it.
   *
   * @throws CorruptBlockException if the stored (or fetched) bytes do not hash to {@code cid}
   */
  Optional<byte[]> get(Cid cid);

  /** Whether this store has the block (without reading or verifying it). */
  boolean has(Cid cid);
}
