package io.ipvm.memo.table;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.ipvm.ipld.Cid;
import io.ipvm.ipld.Multicodec;
import io.ipvm.ipld.Multihash;
import io.ipvm.ipld.store.BlockStore;
import io.ipvm.memo.model.ModelException;
import io.ipvm.memo.model.Receipt;
import java.util.Objects;
import java.util.Optional;

/**
 * Receipts as DAG-CBOR blocks in a {@link BlockStore}, under their sha3-256 CID (the receipt CID
 * the reference node computes, {@code bafyrmi…}), with a Caffeine cache of decoded receipts in
 * front. With a {@link io.ipvm.ipld.store.FileBlockStore} a receipt is on disk (written atomically
 * and forced) when {@link #put} returns. Thread-safe.
 */
public final class ReceiptStore {
  private final BlockStore blocks;
  private final Cache<Cid, Receipt> cache;

  /** A store over {@code blocks} caching up to {@code cacheSize} decoded receipts. */
  public ReceiptStore(BlockStore blocks, long cacheSize) {
    this.blocks = Objects.requireNonNull(blocks, "blocks");
    this.cache = Caffeine.newBuilder().maximumSize(cacheSize).build();
  }

  /** The underlying block store. */
  public BlockStore blocks() {
    return blocks;
  }

  /** Stores the receipt's DAG-CBOR block and returns its CID (= {@link Receipt#cid()}). */
  public Cid put(Receipt receipt) {
    byte[] bytes = receipt.encode();
    Cid cid = blocks.put(Multicodec.DAG_CBOR, Multihash.SHA3_256, bytes);
    cache.put(cid, receipt);
    return cid;
  }

  /**
   * The receipt with this CID, or empty if the store does not have the block.
   *
   * @throws MemoException if the block is not a receipt
   * @throws io.ipvm.ipld.store.CorruptBlockException if the stored bytes do not hash to the CID
   */
  public Optional<Receipt> get(Cid cid) {
    Receipt cached = cache.getIfPresent(cid);
    if (cached != null) {
      return Optional.of(cached);
    }
    if (cid.codec() != Multicodec.DAG_CBOR) {
      throw new MemoException(
          "receipt " + cid + " is not a dag-cbor CID (codec " + Multicodec.name(cid.codec()) + ")");
    }
    Optional<byte[]> bytes = blocks.get(cid);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    Receipt r;
    try {
      r = Receipt.decode(bytes.get());
    } catch (ModelException e) {
      throw new MemoException("block " + cid + " is not a receipt: " + e.getMessage(), e);
    }
    cache.put(cid, r);
    return Optional.of(r);
  }

  /** Whether the block store has this receipt's block (without reading it). */
  public boolean has(Cid cid) {
    return cache.getIfPresent(cid) != null || blocks.has(cid);
  }
}
