package io.ipvm.ipld.store;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.Multicodec;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Random;

/**
 * Run in a child JVM by {@link CrashSafetyTest}: writes random blocks into a {@link FileBlockStore}
 * until killed and prints {@code ack <cid>} (flushed) after each put has returned. Arguments: the
 * store root, the seed of the blocks it shares with other writers, its own seed. Blocks alternate
 * between the two streams, so concurrent writers collide on the shared ones.
 */
public final class CrashWriter {
  public static void main(String[] args) {
    FileBlockStore store = new FileBlockStore(Path.of(args[0]));
    Random shared = new Random(Long.parseLong(args[1]));
    Random own = new Random(Long.parseLong(args[2]));
    PrintStream out = System.out;
    out.println("ready");
    out.flush();
    for (long i = 0; ; i++) {
      Random r = i % 2 == 0 ? shared : own;
      // mostly small blocks, some up to 1 MiB, so that a kill often lands inside a write
      int size = r.nextInt(8) == 0 ? r.nextInt(1 << 20) : r.nextInt(16 << 10);
      byte[] data = new byte[size];
      r.nextBytes(data);
      Cid cid = store.put(Multicodec.RAW, data);
      out.println("ack " + cid);
      out.flush();
    }
  }
}
