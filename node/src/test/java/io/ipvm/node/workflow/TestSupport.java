package io.ipvm.node.workflow;

import static org.junit.jupiter.api.Assertions.fail;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.store.BlockStore;
import io.ipvm.ipld.unixfs.UnixFsImporter;
import io.ipvm.memo.model.Await;
import io.ipvm.memo.model.Instruction;
import io.ipvm.memo.model.Nonce;
import io.ipvm.memo.model.Task;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Guests, fixtures and task builders for the workflow tests. */
final class TestSupport {
  private TestSupport() {}

  /** Small guests for the limit tests, one export each. */
  static final String RUNAWAYS =
      """
      (module
        (memory 1)
        ;; never returns: only fuel or a time limit stops it
        (func (export "spin") (loop (br 0)))
        ;; grows memory 64 KiB at a time until refused, then traps
        (func (export "bomb") (result i32)
          (loop (br_if 0 (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
          unreachable)
        ;; recursion without end
        (func $down (export "recurse") (param i32) (result i32)
          (call $down (i32.add (local.get 0) (i32.const 1))))
        ;; counts to n: a task that takes a while, deterministically
        (func (export "count") (param $n i64) (result i64) (local $i i64)
          (loop
            (local.set $i (i64.add (local.get $i) (i64.const 1)))
            (br_if 0 (i64.lt_u (local.get $i) (local.get $n))))
          (local.get $i)))
      """;

  /** The repository's directory with examples/workflow.wasm. */
  static Path repo() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("examples/workflow.wasm"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      fail("examples/workflow.wasm not found above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  /** examples/workflow.wasm. */
  static byte[] workflowWasm() throws IOException {
    return Files.readAllBytes(repo().resolve("examples/workflow.wasm"));
  }

  /** A file of the interop vectors (memo's test resources: one copy in the repository). */
  static byte[] vectors(String name) throws IOException {
    return Files.readAllBytes(repo().resolve("memo/src/test/resources/ipvm-vectors").resolve(name));
  }

  /** Stores bytes as UnixFS and returns {@code ipfs://CID}. */
  static String add(BlockStore store, byte[] bytes) throws IOException {
    return "ipfs://" + addContent(store, bytes);
  }

  /** Stores bytes as UnixFS and returns the CID. */
  static Cid addContent(BlockStore store, byte[] bytes) throws IOException {
    return UnixFsImporter.add(new ByteArrayInputStream(bytes), store);
  }

  /** A wasm/run instruction. */
  static Instruction call(String rsc, String func, List<?> args) {
    return new Instruction(rsc, "wasm/run", Map.of("func", func, "args", args), Nonce.EMPTY);
  }

  /** A wasm/run instruction with a declared result type. */
  static Instruction call(String rsc, String func, List<?> args, String result) {
    return new Instruction(
        rsc, "wasm/run", Map.of("func", func, "args", args, "result", result), Nonce.EMPTY);
  }

  /** A task with the given meta entries (key, value, key, value…). */
  static Task task(Instruction ins, Object... meta) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < meta.length; i += 2) {
      m.put((String) meta[i], meta[i + 1]);
    }
    return Task.of(ins, m);
  }

  /** {@code {"await/ok": cid}} and the like. */
  static Object await(Await.Kind kind, Instruction ins) {
    return Await.of(kind, ins.cid()).toIpld();
  }

  /** A list of arguments (nulls allowed). */
  static List<Object> args(Object... a) {
    return new ArrayList<>(List.of(a));
  }

  /** Compiles WebAssembly text with wabt's wat2wasm (one helper for the node tests). */
  static byte[] wat(String text) throws IOException, InterruptedException {
    return io.ipvm.node.abi.Guests.watBytes(text);
  }
}
