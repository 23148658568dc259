package io.ipvm.memo.table;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.store.BlockStore;
import io.ipvm.ipld.store.FileBlockStore;
import io.ipvm.ipld.store.IpvmHome;
import io.ipvm.memo.model.Receipt;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The receipt store, the memo table and the claims together: what an executor uses to skip work it
 * (or another process) has done before, or is doing now. {@link #record} stores the receipt block
 * first and then the memo entry, each durable before the next step, so an entry never points at a
 * receipt that is not on disk; {@link #lookup} finds the receipt recorded for an instruction.
 *
 * <pre>{@code
 * Memo memo = Memo.open(IpvmHome.dir(), MemoConfig.DEFAULTS);
 * Optional<Memo.Hit> hit = memo.lookup(node.instructionCid());
 * if (hit.isEmpty()) {
 *   Receipt r = Receipt.of(node.invocationCid(), InstructionResult.ok(2L), "add_one");
 *   memo.record(node.instructionCid(), r);
 * }
 * }</pre>
 */
public final class Memo {
  private final ReceiptStore receipts;
  private final MemoTable table;
  private final ClaimTable claims;

  /** A stored receipt found for an instruction. */
  public record Hit(Cid instruction, Cid receiptCid, Receipt receipt) {}

  /** Over an existing receipt store and table, with claims in {@code <table root>/claims}. */
  public Memo(ReceiptStore receipts, MemoTable table) {
    this(receipts, table, new ClaimTable(table.root().resolve(MemoTable.CLAIMS)));
  }

  /** Over an existing receipt store, table and claims. */
  public Memo(ReceiptStore receipts, MemoTable table, ClaimTable claims) {
    this.receipts = Objects.requireNonNull(receipts, "receipts");
    this.table = Objects.requireNonNull(table, "table");
    this.claims = Objects.requireNonNull(claims, "claims");
  }

  /**
   * Blocks in {@code <home>/blocks} (a {@link FileBlockStore}), the table in {@code <home>/memo}.
   */
  public static Memo open(Path home, MemoConfig config) {
    return open(new FileBlockStore(home.resolve("blocks")), home.resolve("memo"), config);
  }

  /** Receipts in {@code blocks}, the table under {@code tableRoot}. */
  public static Memo open(BlockStore blocks, Path tableRoot, MemoConfig config) {
    return new Memo(
        new ReceiptStore(blocks, config.receipts()),
        new MemoTable(tableRoot, config.memoEntries()));
  }

  /** {@link #open(Path, MemoConfig)} at {@code $IPVM_HOME} (default {@code ~/.ipvm}). */
  public static Memo openDefault() {
    return open(IpvmHome.dir(), MemoConfig.fromSystemProperties());
  }

  /** The receipt store. */
  public ReceiptStore receipts() {
    return receipts;
  }

  /** The memo table. */
  public MemoTable table() {
    return table;
  }

  /**
   * The claims on instructions: an executor holds an instruction's claim while it runs it and
   * records the receipt, so that other threads and processes wait and replay instead of running it
   * too (see {@link ClaimTable}).
   */
  public ClaimTable claims() {
    return claims;
  }

  /**
   * Stores {@code receipt} and records it as the result of {@code instruction}; returns the receipt
   * CID. Both are durable when this returns.
   */
  public Cid record(Cid instruction, Receipt receipt) {
    Cid cid = receipts.put(receipt);
    table.put(instruction, cid);
    return cid;
  }

  /**
   * The receipt recorded for {@code instruction}, if there is an entry and its receipt block is
   * present. An entry whose block is missing (deleted by hand, or a block store shared with another
   * node) counts as no entry.
   */
  public Optional<Hit> lookup(Cid instruction) {
    Optional<Cid> receiptCid = table.get(instruction);
    if (receiptCid.isEmpty()) {
      return Optional.empty();
    }
    return receipts.get(receiptCid.get()).map(r -> new Hit(instruction, receiptCid.get(), r));
  }
}
