package io.ipvm.memo.table;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.DagCbor;
import io.ipvm.ipld.Multicodec;
import io.ipvm.ipld.Multihash;
import io.ipvm.memo.model.InstructionResult;
import io.ipvm.memo.model.Receipt;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/**
 * Run in a child JVM by {@link MemoCrashTest}: records receipts (block + memo entry, through {@link
 * Memo#record}) into an IPVM home until killed, and prints {@code ack <instruction> <receipt>}
 * (flushed) after each record has returned. Arguments: the home directory, a shared seed (entries
 * every writer writes identically, so processes collide on them) and an own seed.
 */
public final class CrashMemoWriter {
  /** The instruction CID of entry {@code i} of stream {@code seed}. */
  static Cid instruction(long seed, long i) {
    return Cid.of(
        Multicodec.DAG_CBOR, Multihash.SHA3_256, DagCbor.encode(Map.of("seed", seed, "i", i)));
  }

  /** The receipt of entry {@code i} of stream {@code seed}; one in four carries up to 256 KiB. */
  static Receipt receipt(long seed, long i) {
    Random r = new Random(seed * 1_000_003L + i);
    Object out;
    if (r.nextInt(4) == 0) {
      byte[] b = new byte[r.nextInt(256 << 10)];
      r.nextBytes(b);
      out = b;
    } else {
      out = Map.of("seed", seed, "i", i);
    }
    return Receipt.of(instruction(seed, i + 1_000_000_000L), InstructionResult.ok(out), "f");
  }

  public static void main(String[] args) {
    Thread watchdog =
        new Thread(
            () -> {
              try {
                while (System.in.read() >= 0) {}
              } catch (IOException e) {
                // fall through
              }
              Runtime.getRuntime().halt(3); // the test JVM is gone
            });
    watchdog.setDaemon(true);
    watchdog.start();
    Memo memo = Memo.open(Path.of(args[0]), MemoConfig.DEFAULTS);
    long shared = Long.parseLong(args[1]);
    long own = Long.parseLong(args[2]);
    PrintStream out = System.out;
    for (long i = 0; ; i++) {
      long seed = i % 2 == 0 ? shared : own;
      Cid instruction = instruction(seed, i);
      Cid receipt = memo.record(instruction, receipt(seed, i));
      out.println("ack " + instruction + " " + receipt);
      out.flush();
    }
  }
}
