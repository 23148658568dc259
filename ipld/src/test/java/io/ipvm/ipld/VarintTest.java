package io.ipvm.ipld;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class VarintTest {
  private static byte[] hex(String h) {
    return HexFormat.of().parseHex(h);
  }

  @Test
  void knownEncodings() {
    assertArrayEquals(hex("00"), Varint.encode(0));
    assertArrayEquals(hex("01"), Varint.encode(1));
    assertArrayEquals(hex("7f"), Varint.encode(127));
    assertArrayEquals(hex("8001"), Varint.encode(128));
    assertArrayEquals(hex("ff01"), Varint.encode(255));
    assertArrayEquals(hex("ac02"), Varint.encode(300));
    assertArrayEquals(hex("a902"), Varint.encode(0x0129));
    assertArrayEquals(hex("808001"), Varint.encode(16384));
    assertArrayEquals(hex("ffffffffffffffff7f"), Varint.encode(Long.MAX_VALUE));
  }

  @Test
  void roundTrips() {
    long[] values = {0, 1, 127, 128, 16383, 16384, 1L << 32, (1L << 56) - 1, Long.MAX_VALUE};
    for (long v : values) {
      byte[] e = Varint.encode(v);
      assertEquals(Varint.size(v), e.length);
      assertEquals(v, Varint.decodeExact(e));
      assertEquals(new Varint.Decoded(v, e.length), Varint.decode(concat(e, hex("ff")), 0));
    }
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < 10_000; i++) {
      long v = r.nextLong() >>> r.nextInt(64);
      if (v < 0) v = -(v + 1);
      assertEquals(v, Varint.decodeExact(Varint.encode(v)));
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  @Test
  void errors() {
    assertEquals(
        "truncated varint",
        assertThrows(IpldException.class, () -> Varint.decodeExact(hex(""))).getMessage());
    assertEquals(
        "truncated varint",
        assertThrows(IpldException.class, () -> Varint.decodeExact(hex("80"))).getMessage());
    assertTrue(
        assertThrows(IpldException.class, () -> Varint.decodeExact(hex("8000")))
            .getMessage()
            .contains("overlong"));
    assertTrue(
        assertThrows(IpldException.class, () -> Varint.decodeExact(hex("ff00")))
            .getMessage()
            .contains("overlong"));
    assertTrue(
        assertThrows(IpldException.class, () -> Varint.decodeExact(hex("ffffffffffffffffff01")))
            .getMessage()
            .contains("longer than 9"));
    assertTrue(
        assertThrows(IpldException.class, () -> Varint.decodeExact(hex("ffffffffffffffffff")))
            .getMessage()
            .contains("longer than 9"));
    assertTrue(
        assertThrows(IpldException.class, () -> Varint.decodeExact(hex("0101")))
            .getMessage()
            .contains("trailing"));
    assertThrows(IllegalArgumentException.class, () -> Varint.encode(-1));
  }
}
