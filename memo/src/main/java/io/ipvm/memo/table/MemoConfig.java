package io.ipvm.memo.table;

/**
 * Sizes of the in-memory (Caffeine) fronts. Each is a maximum number of entries; 0 turns that cache
 * off.
 *
 * @param memoEntries instruction CID → receipt CID entries kept by {@link MemoTable}
 * @param receipts decoded receipts kept by {@link ReceiptStore}
 * @param workflows parsed workflows (and their graphs) kept by {@link WorkflowCache}
 */
public record MemoConfig(long memoEntries, long receipts, long workflows) {
  /** 100,000 memo entries, 10,000 receipts, 256 workflows. */
  public static final MemoConfig DEFAULTS = new MemoConfig(100_000, 10_000, 256);

  /** Rejects negative sizes. */
  public MemoConfig {
    if (memoEntries < 0 || receipts < 0 || workflows < 0) {
      throw new IllegalArgumentException("negative cache size");
    }
  }

  /**
   * The defaults, overridden by the system properties {@code ipvm.memo.cache.entries}, {@code
   * ipvm.memo.cache.receipts} and {@code ipvm.memo.cache.workflows} where set.
   */
  public static MemoConfig fromSystemProperties() {
    return new MemoConfig(
        Long.getLong("ipvm.memo.cache.entries", DEFAULTS.memoEntries),
        Long.getLong("ipvm.memo.cache.receipts", DEFAULTS.receipts),
        Long.getLong("ipvm.memo.cache.workflows", DEFAULTS.workflows));
  }
}
