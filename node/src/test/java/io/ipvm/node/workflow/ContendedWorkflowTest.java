package io.ipvm.node.workflow;

import static org.junit.jupiter.api.Assertions.*;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.store.FileBlockStore;
import io.ipvm.memo.graph.WorkflowGraph;
import io.ipvm.memo.model.Workflow;
import io.ipvm.memo.table.ClaimTable;
import io.ipvm.memo.table.Memo;
import io.ipvm.memo.table.MemoConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes, one IPVM home (issue "Robustness", item 7): the same pure work never runs twice.
 * Child JVMs ({@link ContendedWorkflowChild}) run workflows over a shared home; what each ran,
 * replayed and waited for is counted from their own reports.
 */
class ContendedWorkflowTest {
  static final int TASKS = 1000;

  @TempDir Path tmp;

  /** A started child and what it printed. */
  static final class Child {
    final Process process;
    final BufferedReader out;
    final Path err;
    final Map<Integer, String[]> tasks = new HashMap<>();
    String[] result;
    boolean done;

    Child(Process process, Path err) {
      this.process = process;
      this.err = err;
      this.out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    void expect(String line) throws IOException {
      String got = out.readLine();
      assertEquals(line, got, () -> "child: " + Files.exists(err) + " " + stderr());
    }

    void go() throws IOException {
      OutputStream in = process.getOutputStream();
      in.write("go\n".getBytes(StandardCharsets.UTF_8));
      in.flush();
    }

    /** Reads until "done" or the end of output. */
    Child readAll() throws IOException {
      String line;
      while ((line = out.readLine()) != null) {
        String[] f = line.split(" ");
        switch (f[0]) {
          case "task" -> tasks.put(Integer.parseInt(f[1]), f);
          case "result" -> result = f;
          case "done" -> done = true;
          default -> fail("unexpected line from child: " + line);
        }
      }
      return this;
    }

    long result(int i) {
      assertNotNull(result, () -> "no result line; stderr: " + stderr());
      return Long.parseLong(result[i]);
    }

    String stderr() {
      try {
        return Files.readString(err);
      } catch (IOException e) {
        return e.toString();
      }
    }
  }

  Child start(Path home, Path wasm, String mode, long n, String name) throws IOException {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Path err = tmp.resolve(name + ".err");
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                ContendedWorkflowChild.class.getName(),
                home.toString(),
                wasm.toString(),
                mode,
                Long.toString(n))
            .redirectError(err.toFile())
            .start();
    return new Child(p, err);
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void twoProcessesRunEveryTaskOnceBetweenThem() throws Exception {
    Path home = tmp.resolve("home");
    Path wasm = tmp.resolve("runaways.wasm");
    Files.write(wasm, TestSupport.wat(TestSupport.RUNAWAYS));
    List<Child> children = new ArrayList<>();
    try {
      for (String name : List.of("a", "b")) {
        children.add(start(home, wasm, "many", TASKS, name));
      }
      for (Child c : children) {
        c.expect("ready");
      }
      for (Child c : children) {
        c.go(); // both start together, so they contend for the same tasks
      }
      List<CompletableFuture<Child>> reads = new ArrayList<>();
      for (Child c : children) {
        reads.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return c.readAll();
                  } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                }));
      }
      for (CompletableFuture<Child> f : reads) {
        f.get(4, TimeUnit.MINUTES);
      }
    } finally {
      children.forEach(c -> c.process.destroyForcibly());
    }
    Child a = children.get(0);
    Child b = children.get(1);
    long executed = 0;
    for (Child c : children) {
      assertTrue(c.done, () -> "child did not finish: " + c.stderr());
      assertEquals(0, c.result(5), "failed tasks");
      assertEquals(TASKS, c.tasks.size(), "every task reported");
      // each task either ran here or was replayed here
      assertEquals(TASKS, c.result(1) + c.result(2));
      executed += c.result(1);
    }
    assertEquals(TASKS, executed, "tasks executed by the two processes together");
    FileBlockStore store = new FileBlockStore(home.resolve("blocks"));
    String rsc = TestSupport.add(store, Files.readAllBytes(wasm));
    WorkflowGraph graph = WorkflowGraph.of(ContendedWorkflowChild.many(rsc, TASKS));
    Memo memo = Memo.open(home, new MemoConfig(0, 0, 0));
    for (int i = 0; i < TASKS; i++) {
      String[] ta = a.tasks.get(i);
      String[] tb = b.tasks.get(i);
      assertEquals(ta[2], tb[2], "tasks[" + i + "]: both processes report the same receipt");
      assertEquals(
          1, Integer.parseInt(ta[3]) + Integer.parseInt(tb[3]), "tasks[" + i + "] ran once");
      Cid instruction = graph.nodes().get(i).instructionCid();
      assertEquals(ta[2], memo.lookup(instruction).orElseThrow().receiptCid().toString());
      assertEquals(1000L + i, memo.lookup(instruction).orElseThrow().receipt().out().value());
    }
    // both did real work: the test is about contention, not about one process replaying the other
    assertTrue(a.result(1) > 0 && b.result(1) > 0, "one process ran everything");
    System.out.printf(
        "two processes, %d tasks: a ran %d, replayed %d (waited %d, replayed after wait %d);"
            + " b ran %d, replayed %d (waited %d, replayed after wait %d)%n",
        TASKS,
        a.result(1),
        a.result(2),
        a.result(3),
        a.result(4),
        b.result(1),
        b.result(2),
        b.result(3),
        b.result(4));
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aTaskWhoseHolderIsKilledIsRunByTheProcessWaitingForIt() throws Exception {
    Path home = tmp.resolve("home");
    Path wasm = tmp.resolve("runaways.wasm");
    Files.write(wasm, TestSupport.wat(TestSupport.RUNAWAYS));
    long n = 2_000_000_000L;
    FileBlockStore store = new FileBlockStore(home.resolve("blocks"));
    String rsc = TestSupport.add(store, Files.readAllBytes(wasm));
    Workflow wf = ContendedWorkflowChild.slow(rsc, n);
    Cid instruction = WorkflowGraph.of(wf).nodes().get(0).instructionCid();
    Memo memo = Memo.open(home, MemoConfig.DEFAULTS);

    Child holder = start(home, wasm, "slow", n, "holder");
    try {
      holder.expect("ready");
      holder.go();
      // wait until the child holds the task's claim
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (true) {
        Optional<ClaimTable.Claim> c = memo.claims().tryClaim(instruction);
        if (c.isEmpty()) {
          break;
        }
        c.get().close();
        assertTrue(
            System.nanoTime() < deadline, () -> "the child never claimed: " + holder.stderr());
        Thread.sleep(5);
      }
      CountDownLatch waiting = new CountDownLatch(1);
      CompletableFuture<WorkflowResult> run;
      WorkflowRunner runner =
          new WorkflowRunner(
              Memo.open(home, MemoConfig.DEFAULTS),
              ContentSource.of(store),
              WorkflowRunner.Config.defaults().withConcurrency(2));
      try {
        run =
            CompletableFuture.supplyAsync(
                () ->
                    runner.run(
                        wf,
                        new WorkflowRunner.Listener() {
                          @Override
                          public void completed(TaskOutcome outcome) {}

                          @Override
                          public void waiting(WorkflowGraph.Node node) {
                            waiting.countDown();
                          }
                        }));
        assertTrue(waiting.await(60, TimeUnit.SECONDS), "the runner did not wait for the claim");
        assertFalse(run.isDone());
        assertTrue(holder.process.toHandle().destroyForcibly(), "SIGKILL");
        assertTrue(holder.process.waitFor(30, TimeUnit.SECONDS));
        holder.readAll();
        assertFalse(holder.done, "the holder finished before the kill: make its task slower");
        assertTrue(holder.tasks.isEmpty());

        WorkflowResult result = run.get(3, TimeUnit.MINUTES);
        TaskOutcome t = result.tasks().get(0);
        assertTrue(t.ok(), t.toString());
        assertEquals(n, t.receipt().out().value());
        assertTrue(t.waited(), "it waited for the holder");
        assertTrue(t.executed(), "the holder left no receipt: the waiter runs the task");
        assertFalse(t.replayed());
        assertEquals(1, runner.guestCalls());
        assertEquals(t.receiptCid(), memo.lookup(instruction).orElseThrow().receiptCid());
      } finally {
        runner.close();
      }
    } finally {
      holder.process.destroyForcibly();
    }
  }
}
