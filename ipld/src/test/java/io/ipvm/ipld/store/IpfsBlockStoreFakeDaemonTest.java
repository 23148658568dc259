package io.ipvm.ipld.store;

import static org.junit.jupiter.api.Assertions.*;

import com.sun.net.httpserver.HttpServer;
import io.ipvm.ipld.Cid;
import io.ipvm.ipld.Multicodec;
import io.ipvm.ipld.Multihash;
import io.ipvm.ipld.ipfs.KuboClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** IpfsBlockStore against a local HttpServer that answers garbage. */
class IpfsBlockStoreFakeDaemonTest {
  private HttpServer server;
  private final AtomicReference<byte[]> answer = new AtomicReference<>();
  private final AtomicReference<Integer> status = new AtomicReference<>(200);
  private IpfsBlockStore store;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/api/v0/",
        ex -> {
          ex.getRequestBody().readAllBytes();
          byte[] body = answer.get();
          ex.sendResponseHeaders(status.get(), body.length == 0 ? -1 : body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.start();
    store =
        new IpfsBlockStore(
            KuboClient.builder()
                .api("http://127.0.0.1:" + server.getAddress().getPort())
                .requestTimeout(Duration.ofSeconds(5))
                .build());
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static Cid raw(String s) {
    return Cid.of(Multicodec.RAW, Multihash.SHA2_256, s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void wrongBytesFromBlockGetAreCorrupt() {
    answer.set("<html>not a block</html>".getBytes(StandardCharsets.UTF_8));
    Cid cid = raw("hello");
    CorruptBlockException e = assertThrows(CorruptBlockException.class, () -> store.get(cid));
    assertTrue(e.getMessage().contains(cid.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("IPFS daemon at http://127.0.0.1:"), e.getMessage());
    assertEquals(cid, e.cid());
    assertThrows(CorruptBlockException.class, () -> store.has(cid));
  }

  @Test
  void wrongBytesAreNotCachedByALayeredStore() {
    answer.set("garbage".getBytes(StandardCharsets.UTF_8));
    MemoryBlockStore local = new MemoryBlockStore();
    Cid cid = raw("hello");
    assertThrows(CorruptBlockException.class, () -> new LayeredBlockStore(local, store).get(cid));
    assertFalse(local.has(cid));
  }

  @Test
  void garbageAnswerToBlockPut() {
    answer.set("<html>hello</html>".getBytes(StandardCharsets.UTF_8));
    BlockStoreException e =
        assertThrows(
            BlockStoreException.class,
            () -> store.put(Multicodec.RAW, "x".getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().startsWith("cannot store block bafkrei"), e.getMessage());
    assertTrue(e.getMessage().contains("unexpected response"), e.getMessage());
  }

  @Test
  void blockPutAnsweringAnotherCid() {
    Cid other = raw("other");
    answer.set(("{\"Key\":\"" + other + "\",\"Size\":5}").getBytes(StandardCharsets.UTF_8));
    Cid cid = raw("x");
    BlockStoreException e =
        assertThrows(
            BlockStoreException.class, () -> store.put(cid, "x".getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().contains("stored it as " + other), e.getMessage());
  }

  @Test
  void httpErrorFromBlockGet() {
    status.set(500);
    answer.set("{\"Message\":\"boom\",\"Code\":0}".getBytes(StandardCharsets.UTF_8));
    Cid cid = raw("hello");
    BlockStoreException e = assertThrows(BlockStoreException.class, () -> store.get(cid));
    assertFalse(e instanceof CorruptBlockException);
    assertTrue(e.getMessage().startsWith("cannot get block " + cid), e.getMessage());
    assertTrue(e.getMessage().contains("HTTP 500"), e.getMessage());
    assertTrue(e.getMessage().contains("boom"), e.getMessage());
  }
}
