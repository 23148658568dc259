package io.ipvm.ipld.car;

import static org.junit.jupiter.api.Assertions.*;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.DagCbor;
import io.ipvm.ipld.DagJson;
import io.ipvm.ipld.Multicodec;
import io.ipvm.ipld.Multihash;
import io.ipvm.ipld.Varint;
import io.ipvm.ipld.store.MemoryBlockStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CarTest {
  private final MemoryBlockStore store = new MemoryBlockStore();

  private Cid raw(String s) {
    return store.put(Multicodec.RAW, s.getBytes(StandardCharsets.UTF_8));
  }

  private Cid cbor(Object v) {
    return store.put(Multicodec.DAG_CBOR, DagCbor.encode(v));
  }

  private static byte[] car(List<Cid> roots, MemoryBlockStore s) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CarWriter.write(roots, s, out);
    return out.toByteArray();
  }

  /** A minimal dag-pb node: PBNode{Links: [PBLink{Hash, Name, Tsize}...], Data}. */
  private static byte[] dagPb(byte[] data, Cid... links) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Cid l : links) {
      ByteArrayOutputStream link = new ByteArrayOutputStream();
      byte[] h = l.bytes();
      link.write(0x0a);
      Varint.write(link, h.length);
      link.writeBytes(h);
      link.write(0x12);
      link.write(1);
      link.write('n');
      link.write(0x18);
      link.write(5);
      out.write(0x12);
      Varint.write(out, link.size());
      out.writeBytes(link.toByteArray());
    }
    out.write(0x0a);
    Varint.write(out, data.length);
    out.writeBytes(data);
    return out.toByteArray();
  }

  @Test
  void singleRawBlockLayout() throws IOException {
    Cid c = raw("hello");
    byte[] bytes = car(List.of(c), store);
    byte[] header = DagCbor.encode(Map.of("roots", List.of(c), "version", 1L));
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    Varint.write(expected, header.length);
    expected.writeBytes(header);
    Varint.write(expected, c.bytes().length + 5);
    expected.writeBytes(c.bytes());
    expected.writeBytes("hello".getBytes(StandardCharsets.UTF_8));
    assertArrayEquals(expected.toByteArray(), bytes);
    // header starts with the CBOR map {"roots": ...} (roots before version: length-first order)
    assertEquals("a265726f6f7473", HexFormat.of().formatHex(Arrays.copyOfRange(bytes, 1, 8)));

    MemoryBlockStore target = new MemoryBlockStore();
    assertEquals(List.of(c), CarReader.read(new ByteArrayInputStream(bytes), target));
    assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), target.get(c).orElseThrow());
  }

  @Test
  void depthFirstOrderWithoutDuplicates() throws IOException {
    Cid a = raw("a");
    Cid b = raw("b");
    Cid c = raw("c");
    Cid pb = store.put(Multicodec.DAG_PB, dagPb(new byte[] {8, 1}, b, a, b));
    Cid inner = cbor(Map.of("x", List.of(c, a)));
    Cid json = store.put(Multicodec.DAG_JSON, DagJson.encode(Map.of("l", c, "m", b)));
    // canonical key order: "aa" < "bb" < "ccc" (length first), so links are pb, inner, json, a
    Cid root = cbor(Map.of("bb", inner, "aa", pb, "ccc", List.of(json, a, 1L)));
    List<Cid> written;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    written = CarWriter.write(root, store, out);
    assertEquals(List.of(root, pb, b, a, inner, c, json), written);

    MemoryBlockStore target = new MemoryBlockStore();
    assertEquals(
        List.of(root), CarReader.read(new ByteArrayInputStream(out.toByteArray()), target));
    for (Cid x : written) {
      assertArrayEquals(store.get(x).orElseThrow(), target.get(x).orElseThrow());
    }
    // re-export from the imported store: identical bytes
    assertArrayEquals(out.toByteArray(), car(List.of(root), target));
  }

  @Test
  void severalRootsShareBlocks() throws IOException {
    Cid a = raw("a");
    Cid r1 = cbor(Map.of("l", a));
    Cid r2 = cbor(List.of(a, r1));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(List.of(r1, a, r2), CarWriter.write(List.of(r1, r2), store, out));
    MemoryBlockStore target = new MemoryBlockStore();
    assertEquals(
        List.of(r1, r2), CarReader.read(new ByteArrayInputStream(out.toByteArray()), target));
    assertTrue(target.has(a) && target.has(r1) && target.has(r2));
  }

  @Test
  void cidV0RootAndOtherHashes() throws IOException {
    Cid leaf = store.put(Multicodec.RAW, Multihash.BLAKE3, new byte[] {1, 2});
    byte[] node = dagPb(new byte[0], leaf);
    Cid v0 = Cid.v0(Multihash.digest(Multihash.SHA2_256, node));
    store.put(v0, node);
    byte[] bytes = car(List.of(v0), store);
    MemoryBlockStore target = new MemoryBlockStore();
    assertEquals(List.of(v0), CarReader.read(new ByteArrayInputStream(bytes), target));
    assertTrue(target.has(leaf));
    assertEquals(0, v0.version());
  }

  @Test
  void missingBlockOnExportNamesIt() {
    Cid absent = Cid.of(Multicodec.RAW, Multihash.SHA2_256, new byte[] {9});
    Cid root = cbor(Map.of("l", absent));
    CarException e =
        assertThrows(CarException.class, () -> CarWriter.write(root, store, OutputSink.NULL));
    assertEquals(
        "CAR export: block " + absent + " (linked from " + root + ") is not in the store",
        e.getMessage());
  }

  @Test
  void tamperedBlockIsAnError() throws IOException {
    Cid a = raw("aaaa");
    Cid b = raw("bbbb");
    Cid root = cbor(List.of(a, b));
    byte[] bytes = car(List.of(root), store);
    // flip the last byte: the data of block 2 ("bbbb")
    bytes[bytes.length - 1] ^= 1;
    MemoryBlockStore target = new MemoryBlockStore();
    CarException e =
        assertThrows(
            CarException.class, () -> CarReader.read(new ByteArrayInputStream(bytes), target));
    assertTrue(
        e.getMessage().startsWith("corrupt CAR: block 2 (" + b + ") at offset "), e.getMessage());
    assertTrue(e.getMessage().endsWith("its 4 bytes do not hash to the CID"), e.getMessage());
    assertFalse(target.has(b));
    assertTrue(target.has(a)); // blocks before the bad one are kept (they are verified)
  }

  @Test
  void truncatedInputIsAnError() throws IOException {
    Cid a = raw("some data here");
    byte[] bytes = car(List.of(a), store);
    int headerEnd = 1 + bytes[0]; // a CAR cut right after its header is valid (no blocks)
    assertEquals(
        List.of(a),
        CarReader.read(
            new ByteArrayInputStream(Arrays.copyOf(bytes, headerEnd)), new MemoryBlockStore()));
    for (int cut = 1; cut < bytes.length; cut++) {
      if (cut == headerEnd) {
        continue;
      }
      byte[] t = Arrays.copyOf(bytes, cut);
      CarException e =
          assertThrows(
              CarException.class,
              () -> CarReader.read(new ByteArrayInputStream(t), new MemoryBlockStore()),
              "cut at " + cut);
      assertTrue(e.getMessage().startsWith("truncated CAR"), e.getMessage());
    }
  }

  @Test
  void badHeaders() {
    assertHeaderError(new byte[0], "bad CAR: empty input (no header)");
    Cid c = Cid.of(Multicodec.RAW, Multihash.SHA2_256, new byte[0]);
    assertHeaderError(withHeader(List.of(1L)), "bad CAR header: not a map");
    assertHeaderError(
        withHeader(Map.of("roots", List.of(c), "version", 2L)),
        "bad CAR header: version is 2 (CARv2 is not supported)");
    assertHeaderError(
        withHeader(Map.of("roots", List.of(), "version", 1L)), "bad CAR header: no roots");
    assertHeaderError(withHeader(Map.of("version", 1L)), "bad CAR header: no \"roots\" list");
    assertHeaderError(
        withHeader(Map.of("roots", List.of("x"), "version", 1L)),
        "bad CAR header: a root is not a CID: x");
    byte[] notCbor = {3, (byte) 0xff, 0, 0};
    CarException e =
        assertThrows(
            CarException.class,
            () -> CarReader.read(new ByteArrayInputStream(notCbor), new MemoryBlockStore()));
    assertTrue(e.getMessage().startsWith("bad CAR header: not DAG-CBOR"), e.getMessage());
    byte[] huge = {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f};
    e =
        assertThrows(
            CarException.class,
            () -> CarReader.read(new ByteArrayInputStream(huge), new MemoryBlockStore()));
    assertTrue(e.getMessage().contains("more than"), e.getMessage());
  }

  @Test
  void badCidInASection() {
    Cid c = Cid.of(Multicodec.RAW, Multihash.SHA2_256, new byte[0]);
    byte[] h = withHeader(Map.of("roots", List.of(c), "version", 1L));
    byte[] bytes = Arrays.copyOf(h, h.length + 3);
    bytes[h.length] = 2;
    bytes[h.length + 1] = 7; // CID version 7
    bytes[h.length + 2] = 0;
    CarException e =
        assertThrows(
            CarException.class,
            () -> CarReader.read(new ByteArrayInputStream(bytes), new MemoryBlockStore()));
    assertTrue(
        e.getMessage().startsWith("bad CAR: block 0 at offset " + h.length + ": invalid CID"),
        e.getMessage());
  }

  private static byte[] withHeader(Object header) {
    byte[] h = DagCbor.encode(header);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Varint.write(out, h.length);
    out.writeBytes(h);
    return out.toByteArray();
  }

  private static void assertHeaderError(byte[] bytes, String message) {
    CarException e =
        assertThrows(
            CarException.class,
            () -> CarReader.read(new ByteArrayInputStream(bytes), new MemoryBlockStore()));
    assertEquals(message, e.getMessage());
  }

  private static final class OutputSink {
    static final java.io.OutputStream NULL = java.io.OutputStream.nullOutputStream();
  }
}
