package io.ipvm.ipld;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.*;

import io.ipvm.ipld.Multibase.Base;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CidTest {
  private static byte[] hex(String h) {
    return HexFormat.of().parseHex(h);
  }

  @Test
  void rawEmptyBytes() {
    Cid c = Cid.of(Multicodec.RAW, Multihash.SHA2_256, new byte[0]);
    assertEquals("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku", c.toString());
    assertEquals(c, Cid.parse("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"));
    assertEquals(
        "01551220e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        HexFormat.of().formatHex(c.bytes()));
  }

  @Test
  void cidV0OfTheEmptyUnixFsDirectory() {
    // dag-pb node {Data: UnixFS{Type: Directory}} = 0a 02 08 01, as `ipfs object new unixfs-dir`
    Multihash mh = Multihash.digest(Multihash.SHA2_256, hex("0a020801"));
    Cid v0 = Cid.v0(mh);
    assertEquals("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn", v0.toString());
    assertEquals(v0, Cid.parse("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn"));
    assertEquals(0, v0.version());
    assertEquals(Multicodec.DAG_PB, v0.codec());
    assertEquals(34, v0.bytes().length);
    assertEquals(v0, Cid.fromBytes(v0.bytes()));
    Cid v1 = v0.toV1();
    assertEquals("bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354", v1.toString());
    assertNotEquals(v0, v1);
    assertEquals(v0.toString(Base.BASE58BTC), v0.toString());
    assertThrows(IpldException.class, () -> v0.toString(Base.BASE32));
  }

  @Test
  void homestarCidsParse() {
    Cid wasm = Cid.parse("bafybeibk42jwhq7w2zcpe6q3wgtleugp3ymfs3pa5gerjmnakqihhqx4zq");
    assertEquals(1, wasm.version());
    assertEquals(Multicodec.DAG_PB, wasm.codec());
    assertEquals(Multihash.SHA2_256, wasm.multihash().code());
    Cid instr = Cid.parse("bafyrmihmxmsbt4n3g6dzmj7rho34mzfbaoqqbsfcq7etsogslqftbyj7du");
    assertEquals(Multicodec.DAG_CBOR, instr.codec());
    assertEquals(Multihash.SHA3_256, instr.multihash().code());
    assertEquals("01711620", HexFormat.of().formatHex(instr.bytes(), 0, 4));
  }

  @Test
  void allBasesAndCodecsRoundTrip() {
    byte[] data = "hello ipvm".getBytes(UTF_8);
    for (long codec :
        new long[] {Multicodec.RAW, Multicodec.DAG_PB, Multicodec.DAG_CBOR, Multicodec.DAG_JSON}) {
      for (int mh : new int[] {0x00, 0x12, 0x16, 0x1e}) {
        Cid c = Cid.of(codec, mh, data);
        assertEquals(c, Cid.fromBytes(c.bytes()));
        assertEquals(c, Cid.parse(c.toString()));
        assertTrue(c.toString().startsWith("b"));
        for (Base b : Base.values()) {
          String s = c.toString(b);
          assertEquals(b.prefix(), s.charAt(0));
          assertEquals(c, Cid.parse(s));
          assertEquals(c.hashCode(), Cid.parse(s).hashCode());
        }
      }
    }
    assertTrue(
        Cid.of(Multicodec.DAG_CBOR, Multihash.SHA2_256, data)
            .toString(Base.BASE58BTC)
            .startsWith("zdpu"));
    assertEquals(
        "a902", HexFormat.of().formatHex(Cid.of(Multicodec.DAG_JSON, 0x12, data).bytes(), 1, 3));
  }

  @Test
  void readLeavesTrailingBytes() {
    Cid c = Cid.of(Multicodec.RAW, Multihash.BLAKE3, new byte[] {1});
    byte[] b = c.bytes();
    byte[] more = java.util.Arrays.copyOf(b, b.length + 3);
    assertEquals(new Cid.Read(c, b.length), Cid.read(more, 0));
  }

  private static String err(String s) {
    return assertThrows(IpldException.class, () -> Cid.parse(s)).getMessage();
  }

  private static String errBytes(String h) {
    return assertThrows(IpldException.class, () -> Cid.fromBytes(hex(h))).getMessage();
  }

  @Test
  void errors() {
    assertEquals("unknown multibase prefix 'x'", err("xafkrei"));
    assertEquals("empty CID string", err(""));
    assertEquals("base32: invalid character '0' at 3", err("bafk0ei"));
    assertTrue(err("zQmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn").contains("multibase prefix"));
    assertEquals(
        "base58btc: invalid character '0' at 45",
        err("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3N0"));
    assertTrue(
        errBytes("01551220e3b0").startsWith("truncated multihash"), errBytes("01551220e3b0"));
    assertEquals("truncated CID: no multihash", errBytes("0155"));
    assertEquals("unsupported CID version 2", errBytes("025512"));
    assertEquals("unsupported CID version 0", errBytes("00"));
    assertEquals("empty CID", errBytes(""));
    assertTrue(
        errBytes("01551220e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85500")
            .startsWith("trailing bytes after CID"));
    assertTrue(errBytes("01551280").startsWith("truncated or malformed multihash header"));
    assertThrows(
        IpldException.class, () -> Cid.v0(Multihash.digest(Multihash.SHA3_256, new byte[0])));
  }
}
