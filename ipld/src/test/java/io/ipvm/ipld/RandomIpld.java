package io.ipvm.ipld;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Random data-model values for round-trip and cross-implementation tests. */
final class RandomIpld {
  private final Random r;

  RandomIpld(long seed) {
    r = new Random(seed);
  }

  Object value(int depth) {
    int kind = r.nextInt(depth > 3 ? 8 : 10);
    return switch (kind) {
      case 0 -> null;
      case 1 -> r.nextBoolean();
      case 2 -> integer();
      case 3 -> dbl();
      case 4 -> string();
      case 5 -> bytes();
      case 6 -> link();
      case 7 -> integer();
      case 8 -> list(depth);
      default -> map(depth);
    };
  }

  Object integer() {
    return switch (r.nextInt(6)) {
      case 0 -> (long) r.nextInt(30) - 5;
      case 1 -> (long) r.nextInt(70000) - 35000;
      case 2 -> r.nextLong() >> r.nextInt(64);
      case 3 -> r.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE;
      case 4 -> {
        BigInteger b = new BigInteger(64, r);
        BigInteger v = r.nextBoolean() ? b : b.negate().subtract(BigInteger.ONE);
        yield v.bitLength() < 64 ? (Object) v.longValue() : v;
      }
      default -> (long) (r.nextInt(1 << 20)) << r.nextInt(40);
    };
  }

  double dbl() {
    while (true) {
      double d =
          switch (r.nextInt(5)) {
            case 0 -> r.nextInt(100) / 4.0 - 10;
            case 1 -> r.nextGaussian() * 1e6;
            case 2 -> Double.longBitsToDouble(r.nextLong());
            case 3 -> r.nextBoolean() ? 0.0 : -0.0;
            default -> (double) r.nextLong();
          };
      if (Double.isFinite(d)) return d;
    }
  }

  String string() {
    int n = r.nextInt(12);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      switch (r.nextInt(6)) {
        case 0 -> sb.append((char) r.nextInt(0x20));
        case 1 -> sb.append("\"\\/".charAt(r.nextInt(3)));
        case 2 -> sb.append((char) (0x80 + r.nextInt(0x700)));
        case 3 -> sb.appendCodePoint(0x10000 + r.nextInt(0x10000));
        case 4 -> sb.append((char) (0xe000 + r.nextInt(0x1000)));
        default -> sb.append((char) ('a' + r.nextInt(4)));
      }
    }
    return sb.toString();
  }

  byte[] bytes() {
    byte[] b = new byte[r.nextInt(40)];
    r.nextBytes(b);
    return b;
  }

  Cid link() {
    byte[] data = bytes();
    long[] codecs = {Multicodec.RAW, Multicodec.DAG_PB, Multicodec.DAG_CBOR, Multicodec.DAG_JSON};
    int[] hashes = {Multihash.SHA2_256, Multihash.SHA3_256, Multihash.BLAKE3, Multihash.IDENTITY};
    if (r.nextInt(5) == 0) {
      return Cid.v0(Multihash.digest(Multihash.SHA2_256, data));
    }
    return Cid.of(codecs[r.nextInt(4)], hashes[r.nextInt(4)], data);
  }

  List<Object> list(int depth) {
    int n = r.nextInt(6);
    List<Object> l = new ArrayList<>();
    for (int i = 0; i < n; i++) l.add(value(depth + 1));
    return l;
  }

  Map<String, Object> map(int depth) {
    int n = r.nextInt(7);
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < n; i++) {
      String k = r.nextInt(3) == 0 ? string() : "k" + r.nextInt(20);
      if (k.equals("/")) continue;
      m.put(k, value(depth + 1));
    }
    return m;
  }
}
