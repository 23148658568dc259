package io.ipvm.memo.table;

import static io.ipvm.memo.Vectors.fixture;
import static org.junit.jupiter.api.Assertions.*;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.DagCbor;
import io.ipvm.ipld.Multicodec;
import io.ipvm.ipld.Multihash;
import io.ipvm.ipld.store.FileBlockStore;
import io.ipvm.ipld.store.MemoryBlockStore;
import io.ipvm.memo.graph.WorkflowGraph;
import io.ipvm.memo.model.InstructionResult;
import io.ipvm.memo.model.ModelException;
import io.ipvm.memo.model.Receipt;
import io.ipvm.memo.model.RunRequest;
import io.ipvm.memo.model.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The receipt store, the memo table, the {@link Memo} facade and the workflow cache. */
class TableTest {
  @TempDir Path tmp;

  static Cid instruction(int i) {
    return Cid.of(Multicodec.DAG_CBOR, Multihash.SHA3_256, DagCbor.encode(Map.of("i", (long) i)));
  }

  static Receipt receipt(int i) {
    return Receipt.of(instruction(i + 1_000_000), InstructionResult.ok((long) i), "f");
  }

  @Test
  void receiptsAreStoredUnderTheirSha3Cid() throws Exception {
    FileBlockStore blocks = new FileBlockStore(tmp.resolve("blocks"));
    ReceiptStore store = new ReceiptStore(blocks, 10);
    Receipt r = receipt(1);
    Cid cid = store.put(r);
    assertEquals(r.cid(), cid);
    assertTrue(cid.toString().startsWith("bafyrmi"));
    assertTrue(Files.exists(blocks.path(cid)));
    assertArrayEquals(r.encode(), Files.readAllBytes(blocks.path(cid)));
    // a fresh store (no cache) reads it back
    assertEquals(
        r, new ReceiptStore(new FileBlockStore(tmp.resolve("blocks")), 0).get(cid).orElseThrow());
    assertTrue(store.has(cid));
    assertTrue(store.get(receipt(2).cid()).isEmpty());
    // a dag-cbor block that is not a receipt
    Cid notReceipt =
        blocks.put(Multicodec.DAG_CBOR, Multihash.SHA3_256, DagCbor.encode(Map.of("x", 1L)));
    MemoException e =
        assertThrows(MemoException.class, () -> new ReceiptStore(blocks, 0).get(notReceipt));
    assertTrue(e.getMessage().contains("is not a receipt: ran: missing field"), e.getMessage());
  }

  @Test
  void memoTablePersistsAcrossReopen() {
    Path root = tmp.resolve("memo");
    MemoTable t = new MemoTable(root, 100);
    assertTrue(t.list().isEmpty());
    assertTrue(t.get(instruction(0)).isEmpty());
    for (int i = 0; i < 50; i++) {
      t.put(instruction(i), receipt(i).cid());
    }
    // replace one entry, rewrite another identically
    t.put(instruction(3), receipt(333).cid());
    t.put(instruction(4), receipt(4).cid());
    assertTrue(t.remove(instruction(5)));
    assertFalse(t.remove(instruction(5)));

    MemoTable reopened = new MemoTable(root, 0);
    for (int i = 0; i < 50; i++) {
      Cid expected = i == 3 ? receipt(333).cid() : receipt(i).cid();
      if (i == 5) {
        assertTrue(reopened.get(instruction(i)).isEmpty());
      } else {
        assertEquals(expected, reopened.get(instruction(i)).orElseThrow(), "entry " + i);
      }
    }
    List<MemoEntry> all = reopened.list();
    assertEquals(49, all.size());
    Set<Cid> keys = new HashSet<>();
    all.forEach(e -> keys.add(e.instruction()));
    assertTrue(keys.contains(instruction(49)));
    assertFalse(keys.contains(instruction(5)));
    // layout: <root>/<shard>/<cid>, shard = two characters before the last
    String name = instruction(7).toString();
    assertEquals(
        root.resolve(name.substring(name.length() - 3, name.length() - 1)).resolve(name),
        reopened.path(instruction(7)));
  }

  @Test
  void corruptEntriesAreQuarantinedAndTempFilesIgnored() throws Exception {
    Path root = tmp.resolve("memo");
    MemoTable t = new MemoTable(root, 0);
    t.put(instruction(1), receipt(1).cid());
    t.put(instruction(2), receipt(2).cid());
    Path f = t.path(instruction(1));
    byte[] b = Files.readAllBytes(f);
    b[5] ^= 1;
    Files.write(f, b);
    Files.write(t.path(instruction(2)).resolveSibling(MemoTable.TEMP_PREFIX + "x"), new byte[3]);
    Files.write(root.resolve("README"), new byte[1]); // not a shard: ignored

    assertTrue(t.get(instruction(1)).isEmpty());
    assertFalse(Files.exists(f));
    try (Stream<Path> q = Files.list(root.resolve(MemoTable.QUARANTINE))) {
      assertEquals(1, q.count());
    }
    assertEquals(List.of(instruction(2)), t.list().stream().map(MemoEntry::instruction).toList());
    assertEquals(1, t.cleanTempFiles(Duration.ZERO));
    // a new put repairs the entry
    t.put(instruction(1), receipt(1).cid());
    assertEquals(receipt(1).cid(), t.get(instruction(1)).orElseThrow());
  }

  @Test
  void concurrentWritersInOneProcess() throws Exception {
    Path root = tmp.resolve("memo");
    MemoTable t = new MemoTable(root, 1000);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < 8; w++) {
        int writer = w;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 60; i++) {
                    // entries 0..29 are written by every thread (same key, same value),
                    // the rest by this thread alone
                    int key = i < 30 ? i : 1000 * (writer + 1) + i;
                    t.put(instruction(key), receipt(key).cid());
                    assertEquals(receipt(key).cid(), t.get(instruction(key)).orElseThrow());
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    MemoTable reopened = new MemoTable(root, 0);
    assertEquals(30 + 8 * 30, reopened.list().size());
    for (MemoEntry e : reopened.list()) {
      assertNotNull(e.receipt());
    }
    assertEquals(0, reopened.cleanTempFiles(Duration.ZERO));
  }

  @Test
  void memoRecordsAndLooksUp() {
    Memo memo = Memo.open(tmp, MemoConfig.DEFAULTS);
    WorkflowGraph g = WorkflowGraph.of(Workflow.fromJson(fixture("test-workflow-add-one.json")));
    WorkflowGraph.Node n0 = g.nodes().get(0);
    assertTrue(memo.lookup(n0.instructionCid()).isEmpty());
    Receipt r = Receipt.of(n0.invocationCid(), InstructionResult.ok(2L), n0.instruction().func());
    Cid cid = memo.record(n0.instructionCid(), r);
    assertEquals("bafyrmih5ujsrxcwwbeeqowgy434da36ie3cbar3wr5yv2vnrmzmxdylicm", cid.toString());

    Memo again = Memo.open(tmp, new MemoConfig(0, 0, 0));
    Memo.Hit hit = again.lookup(n0.instructionCid()).orElseThrow();
    assertEquals(cid, hit.receiptCid());
    assertEquals(r, hit.receipt());
    assertTrue(Files.exists(tmp.resolve("memo")));
    assertTrue(Files.exists(tmp.resolve("blocks")));
    // an entry whose block is gone counts as no entry
    Memo other = Memo.open(new MemoryBlockStore(), tmp.resolve("memo"), MemoConfig.DEFAULTS);
    assertTrue(other.table().contains(n0.instructionCid()));
    assertTrue(other.lookup(n0.instructionCid()).isEmpty());
  }

  @Test
  void workflowCache() {
    WorkflowCache cache = new WorkflowCache(4);
    byte[] doc = fixture("test-workflow-image-pipeline.cbor");
    RunRequest a = cache.parse(doc);
    assertSame(a, cache.parse(doc.clone()));
    WorkflowGraph g = cache.graph(doc);
    assertSame(g, cache.graph(a.workflow()));
    assertSame(g, cache.graph(Workflow.fromJson(fixture("test-workflow-image-pipeline.json"))));
    assertSame(g, cache.graph(g.cid()).orElseThrow());
    assertThrows(ModelException.class, () -> cache.parse("{\"tasks\":1}".getBytes()));
    assertThrows(ModelException.class, () -> cache.parse("{\"tasks\":1}".getBytes()));
  }
}
