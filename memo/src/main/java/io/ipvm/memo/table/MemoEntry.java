package io.ipvm.memo.table;

import io.ipvm.ipld.Cid;
import java.time.Instant;

/**
 * One memo table entry.
 *
 * @param instruction the instruction CID (the key)
 * @param receipt the receipt CID
 * @param recordedAt when the entry was last written (the entry file's modification time)
 */
public record MemoEntry(Cid instruction, Cid receipt, Instant recordedAt) {}
