package io.ipvm.ipld.store;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.Multicodec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * Run in a child JVM by {@link CrashSafetyTest}: writes random blocks into a {@link FileBlockStore}
 * until killed and prints {@code ack <cid>} (flushed) after each put has returned. Arguments: the
 * store root, the seed of the blocks it shares with other writers, its own seed. Blocks alternate
 * between the two streams, so concurrent writers collide on the shared ones.
 *
 * <p>Block contents are cheap to make (a unique header and a slice of a random pool), so that most
 * of the child's time goes into {@code put} and a kill often lands in the middle of one.
 */
public final class CrashWriter {
  private static final byte[] POOL = new byte[4 << 20];

  public static void main(String[] args) {
    // the parent holds our stdin: when it is gone (the test JVM died), stop
    Thread watchdog =
        new Thread(
            () -> {
              try {
                while (System.in.read() >= 0) {}
              } catch (IOException e) {
                // fall through
              }
              Runtime.getRuntime().halt(3);
            });
    watchdog.setDaemon(true);
    watchdog.start();
    new Random(42).nextBytes(POOL);
    FileBlockStore store = new FileBlockStore(Path.of(args[0]));
    Random shared = new Random(Long.parseLong(args[1]));
    Random own = new Random(Long.parseLong(args[2]));
    PrintStream out = System.out;
    out.println("ready");
    out.flush();
    for (long i = 0; ; i++) {
      Random r = i % 2 == 0 ? shared : own;
      // small blocks and, one in four, large ones (up to 4 MiB)
      int size = 16 + (r.nextInt(4) == 0 ? r.nextInt(POOL.length - 16) : r.nextInt(16 << 10));
      int from = r.nextInt(POOL.length - size + 16);
      byte[] data = Arrays.copyOfRange(POOL, from, from + size);
      ByteBuffer.wrap(data).putLong(r.nextLong()).putLong(r.nextLong());
      Cid cid = store.put(Multicodec.RAW, data);
      out.println("ack " + cid);
      out.flush();
    }
  }
}
