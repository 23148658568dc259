package io.ipvm.ipld.unixfs;

import static org.junit.jupiter.api.Assertions.*;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.Multicodec;
import io.ipvm.ipld.Multihash;
import io.ipvm.ipld.store.MemoryBlockStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DagPbTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void emptyDirectoryNodeHasTheWellKnownCid() {
    // The empty UnixFS directory: Data = {Type: Directory}, no links.
    byte[] data = new UnixFsData(UnixFsData.DIRECTORY, null, null, List.of()).encode();
    byte[] block = DagPb.encode(new DagPb.Node(List.of(), data));
    assertEquals("0a020801", HEX.formatHex(block));
    assertEquals(
        "QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn",
        Cid.v0(Multihash.digest(Multihash.SHA2_256, block)).toString());
  }

  @Test
  void linksAreWrittenBeforeDataAndFieldsInOrder() {
    Cid child = Cid.of(Multicodec.RAW, Multihash.SHA2_256, new byte[] {1});
    byte[] data = new UnixFsData(UnixFsData.FILE, null, 1L, List.of(1L)).encode();
    assertEquals("080218012001", HEX.formatHex(data));
    byte[] block = DagPb.encode(new DagPb.Node(List.of(new DagPb.Link(child, "", 1L)), data));
    byte[] cid = child.bytes();
    String link = "0a" + HEX.toHexDigits((byte) (cid.length)) + HEX.formatHex(cid);
    link += "1200" + "1801";
    String expected =
        "12" + HEX.toHexDigits((byte) ((link.length() / 2))) + link + "0a06" + "080218012001";
    assertEquals(expected, HEX.formatHex(block));
    DagPb.Node back = DagPb.decode(block);
    assertEquals(List.of(new DagPb.Link(child, "", 1L)), back.links());
    assertArrayEquals(data, back.data());
    UnixFsData d = UnixFsData.decode(back.data());
    assertEquals(UnixFsData.FILE, d.type());
    assertEquals(1L, d.filesize());
    assertEquals(List.of(1L), d.blocksizes());
  }

  @Test
  void absentNameAndTsizeAreNotWritten() {
    Cid child = Cid.of(Multicodec.RAW, Multihash.SHA2_256, new byte[0]);
    byte[] block = DagPb.encode(new DagPb.Node(List.of(new DagPb.Link(child, null, null)), null));
    assertEquals(2 + 2 + child.bytes().length, block.length);
    assertEquals(new DagPb.Link(child, null, null), DagPb.decode(block).links().get(0));
    assertNull(DagPb.decode(block).data());
  }

  @Test
  void smallFilesAreOneRawBlock() throws IOException {
    MemoryBlockStore store = new MemoryBlockStore();
    Cid empty = UnixFsImporter.add(new ByteArrayInputStream(new byte[0]), store);
    assertEquals("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku", empty.toString());
    assertArrayEquals(new byte[0], UnixFsReader.readAll(empty, store));
    byte[] full = random(UnixFsImporter.CHUNK_SIZE, 1);
    Cid cid = UnixFsImporter.add(new ByteArrayInputStream(full), store);
    assertEquals(Cid.of(Multicodec.RAW, Multihash.SHA2_256, full), cid);
    assertArrayEquals(full, UnixFsReader.readAll(cid, store));
  }

  @Test
  void treeLayoutForTwoLevels() throws IOException {
    // 175 chunks + 1 byte = 176 leaves: two parents (174 and 2 leaves) under a root.
    long size = 175L * UnixFsImporter.CHUNK_SIZE + 1;
    MemoryBlockStore store = new MemoryBlockStore();
    Cid root = UnixFsImporter.add(pattern(size), store);
    assertEquals(Multicodec.DAG_PB, root.codec());
    DagPb.Node node = DagPb.decode(store.get(root).orElseThrow());
    UnixFsData d = UnixFsData.decode(node.data());
    assertEquals(size, d.filesize());
    assertEquals(2, node.links().size());
    assertEquals(
        List.of(174L * UnixFsImporter.CHUNK_SIZE, UnixFsImporter.CHUNK_SIZE + 1L), d.blocksizes());
    DagPb.Node first = DagPb.decode(store.get(node.links().get(0).hash()).orElseThrow());
    assertEquals(174, first.links().size());
    long tsize =
        store.get(node.links().get(0).hash()).orElseThrow().length
            + 174L * UnixFsImporter.CHUNK_SIZE;
    assertEquals(tsize, node.links().get(0).tsize());
    try (InputStream in = UnixFsReader.cat(root, store);
        InputStream expected = pattern(size)) {
      byte[] a = new byte[65536];
      byte[] b = new byte[65536];
      long total = 0;
      while (true) {
        int n = in.readNBytes(a, 0, a.length);
        int m = expected.readNBytes(b, 0, b.length);
        assertEquals(m, n);
        if (n == 0) {
          break;
        }
        assertArrayEquals(b, a);
        total += n;
      }
      assertEquals(size, total);
    }
  }

  @Test
  void readerRejectsDirectories() {
    MemoryBlockStore store = new MemoryBlockStore();
    byte[] data = new UnixFsData(UnixFsData.DIRECTORY, null, null, List.of()).encode();
    Cid dir = store.put(Multicodec.DAG_PB, DagPb.encode(new DagPb.Node(List.of(), data)));
    var e = assertThrows(RuntimeException.class, () -> UnixFsReader.readAll(dir, store));
    assertTrue(e.getMessage().contains("Directory"), e.getMessage());
  }

  static InputStream pattern(long size) {
    return new InputStream() {
      long pos;
      final Random r = new Random(42);

      @Override
      public int read() {
        return pos++ < size ? r.nextInt(256) : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (pos >= size) {
          return -1;
        }
        int n = (int) Math.min(len, size - pos);
        for (int i = 0; i < n; i++) {
          b[off + i] = (byte) r.nextInt(256);
        }
        pos += n;
        return n;
      }
    };
  }

  static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }
}
