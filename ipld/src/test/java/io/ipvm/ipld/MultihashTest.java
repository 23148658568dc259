package io.ipvm.ipld;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.*;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MultihashTest {
  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  @Test
  void knownDigestsOfEmptyInput() {
    byte[] e = new byte[0];
    assertEquals(
        "1220e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        hex(Multihash.digest(Multihash.SHA2_256, e).bytes()));
    assertEquals(
        "1620a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a",
        hex(Multihash.digest(Multihash.SHA3_256, e).bytes()));
    assertEquals(
        "1e20af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262",
        hex(Multihash.digest(Multihash.BLAKE3, e).bytes()));
    assertEquals("0000", hex(Multihash.digest(Multihash.IDENTITY, e).bytes()));
  }

  @Test
  void knownDigestsOfAbc() {
    byte[] abc = "abc".getBytes(UTF_8);
    assertEquals(
        "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532",
        hex(Multihash.digest(Multihash.SHA3_256, abc).digest()));
    assertEquals(
        "6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85",
        hex(Multihash.digest(Multihash.BLAKE3, abc).digest()));
    assertEquals("0003616263", hex(Multihash.digest(Multihash.IDENTITY, abc).bytes()));
  }

  @Test
  void decodeRoundTrip() {
    for (int code : new int[] {0x00, 0x12, 0x16, 0x1e}) {
      Multihash m = Multihash.digest(code, "hello".getBytes(UTF_8));
      assertEquals(m, Multihash.decode(m.bytes()));
      assertEquals(m.hashCode(), Multihash.decode(m.bytes()).hashCode());
      assertEquals(code, m.code());
    }
    // unknown function codes decode (they just cannot be computed)
    Multihash unknown = Multihash.decode(HexFormat.of().parseHex("b24002abcd"));
    assertEquals(0x2032, unknown.code());
    assertEquals("abcd", hex(unknown.digest()));
  }

  private static String err(String h) {
    return assertThrows(IpldException.class, () -> Multihash.decode(HexFormat.of().parseHex(h)))
        .getMessage();
  }

  @Test
  void errors() {
    assertTrue(err("1220abcd").startsWith("truncated multihash"), err("1220abcd"));
    assertTrue(err("12").startsWith("truncated or malformed multihash header"));
    assertTrue(err("").startsWith("truncated or malformed multihash header"));
    assertEquals("wrong digest length for sha3-256: 2 bytes, expected 32", err("1602abcd"));
    assertEquals("trailing bytes after multihash (1 extra)", err("0001aabb"));
    assertEquals(
        "unsupported multihash function 0x13",
        assertThrows(IpldException.class, () -> Multihash.digest(0x13, new byte[0])).getMessage());
  }
}
