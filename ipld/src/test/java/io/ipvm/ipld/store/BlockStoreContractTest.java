package io.ipvm.ipld.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.*;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.Multicodec;
import io.ipvm.ipld.Multihash;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every {@link BlockStore} does, run against each implementation. */
class BlockStoreContractTest {
  @TempDir Path tmp;

  static Stream<Function<Path, BlockStore>> stores() {
    return Stream.of(
        FileBlockStore::new,
        p -> new MemoryBlockStore(),
        p -> new LayeredBlockStore(new MemoryBlockStore(), new MemoryBlockStore()),
        p -> new LayeredBlockStore(new FileBlockStore(p), new MemoryBlockStore(), true));
  }

  @ParameterizedTest
  @MethodSource("stores")
  void putGetHas(Function<Path, BlockStore> make) {
    BlockStore s = make.apply(tmp);
    byte[] data = "hello".getBytes(UTF_8);
    Cid cid = s.put(Multicodec.RAW, data);
    assertEquals(Cid.of(Multicodec.RAW, Multihash.SHA2_256, data), cid);
    assertEquals(1, cid.version());
    assertTrue(s.has(cid));
    assertArrayEquals(data, s.get(cid).orElseThrow());
    data[0] = 'j'; // the store kept a copy
    assertArrayEquals("hello".getBytes(UTF_8), s.get(cid).orElseThrow());
    s.get(cid).orElseThrow()[0] = 'x'; // and hands out copies
    assertArrayEquals("hello".getBytes(UTF_8), s.get(cid).orElseThrow());

    Cid absent = Cid.of(Multicodec.RAW, Multihash.SHA2_256, "absent".getBytes(UTF_8));
    assertFalse(s.has(absent));
    assertTrue(s.get(absent).isEmpty());
  }

  @ParameterizedTest
  @MethodSource("stores")
  void emptyBlockAndIdempotentPut(Function<Path, BlockStore> make) {
    BlockStore s = make.apply(tmp);
    Cid empty = s.put(Multicodec.RAW, new byte[0]);
    assertEquals("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku", empty.toString());
    assertEquals(empty, s.put(Multicodec.RAW, new byte[0]));
    s.put(empty, new byte[0]);
    assertArrayEquals(new byte[0], s.get(empty).orElseThrow());
  }

  @ParameterizedTest
  @MethodSource("stores")
  void otherHashFunctionsAndCodecs(Function<Path, BlockStore> make) {
    BlockStore s = make.apply(tmp);
    byte[] data = "{}".getBytes(UTF_8);
    for (long mh : new long[] {Multihash.SHA2_256, Multihash.SHA3_256, Multihash.BLAKE3}) {
      for (long codec : new long[] {Multicodec.RAW, Multicodec.DAG_CBOR, Multicodec.DAG_JSON}) {
        Cid cid = s.put(codec, mh, data);
        assertEquals(mh, cid.multihash().code());
        assertEquals(codec, cid.codec());
        assertArrayEquals(data, s.get(cid).orElseThrow());
      }
    }
    // same content, different codec: a different CID
    Cid raw = Cid.of(Multicodec.RAW, Multihash.SHA2_256, "x".getBytes(UTF_8));
    s.put(raw, "x".getBytes(UTF_8));
    assertFalse(s.has(Cid.v1(Multicodec.DAG_CBOR, raw.multihash())));
  }

  @ParameterizedTest
  @MethodSource("stores")
  void identityMultihash(Function<Path, BlockStore> make) {
    BlockStore s = make.apply(tmp);
    byte[] data = "inline".getBytes(UTF_8);
    Cid cid = s.put(Multicodec.RAW, Multihash.IDENTITY, data);
    assertArrayEquals(data, cid.multihash().digest());
    assertArrayEquals(data, s.get(cid).orElseThrow());
    assertThrows(BlockStoreException.class, () -> s.put(cid, "other".getBytes(UTF_8)));
  }

  @ParameterizedTest
  @MethodSource("stores")
  void cidV0AndV1NameTheSameBlock(Function<Path, BlockStore> make) {
    BlockStore s = make.apply(tmp);
    byte[] dir = {0x0a, 0x02, 0x08, 0x01}; // the empty UnixFS directory
    Cid v0 = Cid.v0(Multihash.digest(Multihash.SHA2_256, dir));
    s.put(v0, dir);
    assertTrue(s.has(v0.toV1()));
    assertArrayEquals(dir, s.get(v0.toV1()).orElseThrow());
    assertArrayEquals(dir, s.get(v0).orElseThrow());
  }

  @ParameterizedTest
  @MethodSource("stores")
  void putWithWrongHashIsRefused(Function<Path, BlockStore> make) {
    BlockStore s = make.apply(tmp);
    Cid cid = Cid.of(Multicodec.RAW, Multihash.SHA2_256, "right".getBytes(UTF_8));
    BlockStoreException e =
        assertThrows(BlockStoreException.class, () -> s.put(cid, "wrong".getBytes(UTF_8)));
    assertFalse(e instanceof CorruptBlockException);
    assertEquals(cid, e.cid());
    assertTrue(e.getMessage().contains(cid.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("hash to"), e.getMessage());
    assertFalse(s.has(cid));
    assertTrue(s.get(cid).isEmpty());
  }

  @ParameterizedTest
  @MethodSource("stores")
  void unsupportedHashFunctionIsRefused(Function<Path, BlockStore> make) {
    BlockStore s = make.apply(tmp);
    Cid sha512 = Cid.v1(Multicodec.RAW, Multihash.of(0x13, new byte[64]));
    BlockStoreException e =
        assertThrows(BlockStoreException.class, () -> s.put(sha512, new byte[] {1}));
    assertTrue(e.getMessage().contains("cannot verify block " + sha512), e.getMessage());
    assertFalse(s.has(sha512));
  }
}
