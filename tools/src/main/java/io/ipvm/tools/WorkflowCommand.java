package io.ipvm.tools;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.DagJson;
import io.ipvm.ipld.store.IpvmHome;
import io.ipvm.memo.graph.WorkflowGraph;
import io.ipvm.memo.model.Await;
import io.ipvm.memo.model.InstructionResult;
import io.ipvm.memo.model.ModelException;
import io.ipvm.memo.model.Receipt;
import io.ipvm.memo.model.RunRequest;
import io.ipvm.memo.table.Memo;
import io.ipvm.memo.table.MemoConfig;
import io.ipvm.memo.table.MemoEntry;
import io.ipvm.memo.table.MemoException;
import io.ipvm.node.workflow.ContentSource;
import io.ipvm.node.workflow.TaskError;
import io.ipvm.node.workflow.TaskOutcome;
import io.ipvm.node.workflow.WorkflowResult;
import io.ipvm.node.workflow.WorkflowRunner;
import io.ipvm.runtime.cache.ClassCache;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code ipvm workflow inspect|run FILE}, {@code ipvm receipt CID} and {@code ipvm memo ls}: IPVM
 * workflows run by {@link WorkflowRunner} over the IPVM home ({@code $IPVM_HOME}: receipts in the
 * block store, the memo table in {@code memo/}, compiled classes in {@code classes/}).
 *
 * <p>A workflow file is DAG-JSON or DAG-CBOR, a bare {@code {tasks}} or a run request {@code {name,
 * workflow}} (the reference node's forms; {@link RunRequest#parse}); {@code -} reads standard
 * input.
 */
final class WorkflowCommand {
  /**
   * Gives the block store selection on first use (the Main command's, so --ipfs-api is honoured).
   */
  @FunctionalInterface
  interface Stores {
    StoreSelection get() throws Main.Failure;
  }

  /** How long a run goes before progress lines appear on standard error, and their interval. */
  static final long PROGRESS_MILLIS = 2000;

  private final String command;
  private final List<String> positional = new ArrayList<>();
  private final Stores stores;
  private final Map<String, String> env;
  private final InputStream in;
  private final PrintStream out;
  private final PrintStream err;
  private boolean json;
  private boolean help;
  private int concurrency = Runtime.getRuntime().availableProcessors();

  /** {@code --no-specialize} clears it: no variants for the workflow's partial applications. */
  private boolean specialize = true;

  WorkflowCommand(
      String command,
      List<String> args,
      Stores stores,
      Map<String, String> env,
      InputStream in,
      PrintStream out,
      PrintStream err)
      throws Main.Failure {
    this.command = command;
    this.stores = stores;
    this.env = env;
    this.in = in;
    this.out = out;
    this.err = err;
    boolean ended = false;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (!ended && a.equals("-h")) {
        // these commands take no free-form arguments, so -h is help wherever it stands
        help = true;
      } else if (ended || !a.startsWith("--")) {
        positional.add(a);
      } else if (a.equals("--")) {
        ended = true;
      } else if (a.equals("--json")) {
        json = true;
      } else if (a.equals("--no-specialize")) {
        specialize = false;
      } else if (a.equals("--help")) {
        help = true;
      } else if (a.equals("--verbose")) {
        // read by Main.Command
      } else if (a.equals("--ipfs-api")) {
        i++; // read by Main.Command
      } else if (a.startsWith("--ipfs-api=")) {
        // read by Main.Command
      } else if (a.equals("--concurrency") || a.startsWith("--concurrency=")) {
        String v;
        if (a.equals("--concurrency")) {
          if (i + 1 == args.size()) {
            throw Main.Failure.usage("--concurrency needs a number of tasks");
          }
          v = args.get(++i);
        } else {
          v = a.substring("--concurrency=".length());
        }
        try {
          concurrency = Integer.parseInt(v);
        } catch (NumberFormatException e) {
          concurrency = 0;
        }
        if (concurrency < 1) {
          throw Main.Failure.usage("--concurrency must be a whole number of tasks, 1 or more");
        }
      } else {
        throw Main.Failure.usage("unknown option " + a);
      }
    }
  }

  int run() throws Main.Failure {
    if (help) {
      out.print(Help.of(command));
      return Main.EXIT_OK;
    }
    switch (command) {
      case "workflow":
        {
          if (positional.isEmpty()) {
            throw Main.Failure.usage("ipvm workflow: missing inspect or run");
          }
          String sub = positional.get(0);
          if (!sub.equals("inspect") && !sub.equals("run")) {
            throw Main.Failure.usage(
                "unknown workflow command '" + sub + "' (expected inspect or run)");
          }
          if (positional.size() != 2) {
            throw Main.Failure.usage(
                "usage: ipvm workflow " + sub + " [--json] FILE.json|FILE.cbor");
          }
          RunRequest request = read(positional.get(1));
          WorkflowGraph graph;
          try {
            graph = WorkflowGraph.of(request.workflow());
          } catch (ModelException e) {
            throw Main.Failure.error(
                "invalid workflow " + positional.get(1) + ": " + e.getMessage());
          }
          return sub.equals("inspect") ? inspect(request, graph) : runWorkflow(request, graph);
        }
      case "receipt":
        if (positional.size() != 1) {
          throw Main.Failure.usage("usage: ipvm receipt [--json] CID");
        }
        return receipt(positional.get(0));
      case "memo":
        if (positional.size() != 1 || !positional.get(0).equals("ls")) {
          throw Main.Failure.usage("usage: ipvm memo ls [--json]");
        }
        return memoLs();
      default:
        throw new IllegalStateException(command);
    }
  }

  // ---- reading ----------------------------------------------------------------------------------

  private RunRequest read(String file) throws Main.Failure {
    byte[] bytes;
    try {
      bytes = file.equals("-") ? in.readAllBytes() : Files.readAllBytes(Path.of(file));
    } catch (NoSuchFileException e) {
      throw new Main.Failure(Main.EXIT_USAGE, "error: cannot read " + file + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw new Main.Failure(
          Main.EXIT_USAGE, "error: cannot read " + file + ": permission denied", e);
    } catch (IOException | InvalidPathException e) {
      throw new Main.Failure(
          Main.EXIT_USAGE, "error: cannot read " + file + ": " + e.getMessage(), e);
    }
    try {
      return RunRequest.parse(bytes);
    } catch (ModelException e) {
      throw new Main.Failure(
          Main.EXIT_USAGE, "error: invalid workflow " + file + ": " + e.getMessage(), e);
    }
  }

  private Path home() {
    return IpvmHome.dir(env, System.getProperty("user.home"));
  }

  private Memo memo() {
    return Memo.open(home(), MemoConfig.fromSystemProperties());
  }

  // ---- inspect ----------------------------------------------------------------------------------

  private int inspect(RunRequest request, WorkflowGraph graph) {
    if (json) {
      StringBuilder b = new StringBuilder();
      b.append("{\"workflow_cid\":").append(Json.quote(graph.cid().toString()));
      b.append(",\"name\":").append(request.name() == null ? "null" : Json.quote(request.name()));
      b.append(",\"batches\":").append(graph.batches());
      b.append(",\"tasks\":[");
      for (WorkflowGraph.Node n : graph.nodes()) {
        if (n.index() > 0) b.append(',');
        b.append("{\"index\":").append(n.index());
        b.append(",\"function\":").append(Json.quote(function(n)));
        b.append(",\"op\":").append(Json.quote(n.instruction().op()));
        b.append(",\"rsc\":").append(Json.quote(n.instruction().rsc()));
        b.append(",\"instruction_cid\":").append(Json.quote(n.instructionCid().toString()));
        b.append(",\"task_cid\":").append(Json.quote(n.taskCid().toString()));
        b.append(",\"invocation_cid\":").append(Json.quote(n.invocationCid().toString()));
        b.append(",\"awaits\":[");
        for (int i = 0; i < n.awaits().size(); i++) {
          Await a = n.awaits().get(i);
          if (i > 0) b.append(',');
          Optional<WorkflowGraph.Node> dep = graph.node(a.instruction());
          b.append("{\"kind\":").append(Json.quote(a.kind().key()));
          b.append(",\"instruction_cid\":").append(Json.quote(a.instruction().toString()));
          b.append(",\"task\":").append(dep.map(d -> String.valueOf(d.index())).orElse("null"));
          b.append('}');
        }
        b.append("]}");
      }
      b.append("]}");
      out.println(b);
      return Main.EXIT_OK;
    }
    out.println(
        "workflow "
            + graph.cid()
            + (request.name() == null ? "" : " \"" + request.name() + "\"")
            + ": "
            + plural(graph.nodes().size(), "task")
            + " in "
            + plural(graph.batches().size(), "batch")
            + " "
            + graph.batches());
    for (WorkflowGraph.Node n : graph.nodes()) {
      out.println("tasks[" + n.index() + "] " + function(n) + " (" + n.instruction().rsc() + ")");
      out.println("  instruction " + n.instructionCid());
      out.println("  task        " + n.taskCid());
      out.println("  invocation  " + n.invocationCid());
      if (n.awaits().isEmpty()) {
        out.println("  awaits      nothing");
      }
      for (Await a : n.awaits()) {
        Optional<WorkflowGraph.Node> dep = graph.node(a.instruction());
        out.println(
            "  awaits      "
                + a.kind().key()
                + " "
                + a.instruction()
                + dep.map(d -> " (tasks[" + d.index() + "])")
                    .orElse(" (outside the workflow: from the memo table)"));
      }
    }
    return Main.EXIT_OK;
  }

  // ---- run --------------------------------------------------------------------------------------

  private int runWorkflow(RunRequest request, WorkflowGraph graph) throws Main.Failure {
    StoreSelection selection = stores.get();
    Path home = home();
    int total = graph.nodes().size();
    AtomicInteger done = new AtomicInteger();
    long start = System.nanoTime();
    WorkflowRunner.Config config =
        WorkflowRunner.Config.defaults()
            .withConcurrency(concurrency)
            // as for `ipvm run`: guest recursion is JVM recursion, so give it a deep stack
            .withThreads(
                Thread.ofPlatform().name("ipvm-task-", 0).stackSize(Main.STACK_SIZE).factory())
            .withClassCache(ClassCache.inHome(home))
            .withPartialApplications(specialize);
    ScheduledExecutorService progress =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "ipvm-progress");
              t.setDaemon(true);
              return t;
            });
    progress.scheduleAtFixedRate(
        () ->
            err.println(
                "progress: "
                    + done.get()
                    + "/"
                    + total
                    + " tasks done ("
                    + (System.nanoTime() - start) / 1_000_000_000
                    + " s)"),
        PROGRESS_MILLIS,
        PROGRESS_MILLIS,
        TimeUnit.MILLISECONDS);
    WorkflowResult result;
    try (WorkflowRunner runner =
        new WorkflowRunner(memo(), ContentSource.of(selection.reading()), config)) {
      result =
          runner.run(
              graph,
              o -> {
                done.incrementAndGet();
                if (!json) {
                  out.println(line(o));
                  out.flush();
                }
              });
    } catch (MemoException e) {
      throw new Main.Failure(
          Main.EXIT_INTERNAL, "error: cannot record a receipt: " + e.getMessage(), e);
    } finally {
      progress.shutdownNow();
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    if (json) {
      StringBuilder b = new StringBuilder();
      b.append("{\"workflow_cid\":").append(Json.quote(graph.cid().toString()));
      b.append(",\"name\":").append(request.name() == null ? "null" : Json.quote(request.name()));
      b.append(",\"ok\":").append(result.ok());
      b.append(",\"executed\":").append(result.executed());
      b.append(",\"replayed\":").append(result.replayed());
      b.append(",\"waited\":").append(result.waited());
      b.append(",\"replayed_after_wait\":").append(result.replayedAfterWait());
      b.append(",\"failed\":").append(result.failed());
      b.append(",\"millis\":").append(ms);
      b.append(",\"tasks\":[");
      for (TaskOutcome o : result.tasks()) {
        if (o.node().index() > 0) b.append(',');
        b.append("{\"index\":").append(o.node().index());
        b.append(",\"function\":").append(Json.quote(o.function()));
        b.append(",\"instruction_cid\":").append(Json.quote(o.node().instructionCid().toString()));
        b.append(",\"receipt_cid\":").append(Json.quote(o.receiptCid().toString()));
        b.append(",\"ok\":").append(o.ok());
        b.append(",\"replayed\":").append(o.replayed());
        b.append(",\"memoized\":").append(o.memoized());
        b.append(",\"waited\":").append(o.waited());
        // which code ran: null when the guest was not called (replayed, or failed before)
        b.append(",\"variant\":")
            .append(!o.executed() ? "null" : o.specialized() ? "\"specialized\"" : "\"general\"");
        b.append(",\"millis\":").append(o.nanos() / 1_000_000);
        b.append(",\"fuel_used\":").append(o.fuelUsed() < 0 ? "null" : o.fuelUsed());
        b.append(",\"fuel_limit\":").append(o.fuelLimit() < 0 ? "null" : o.fuelLimit());
        b.append(",\"receipt\":").append(DagJson.encodeToString(o.receipt().toIpld()));
        b.append('}');
      }
      b.append("]}");
      out.println(b);
    } else {
      out.println(
          "workflow "
              + graph.cid()
              + ": "
              + plural(total, "task")
              + ", "
              + (total - result.failed())
              + " ok, "
              + result.failed()
              + " failed; "
              + result.executed()
              + " ran, "
              + result.replayed()
              + " replayed"
              // tasks another process was running: waited for, then replayed (or run, if it left
              // no receipt)
              + (result.waited() == 0
                  ? ""
                  : "; "
                      + result.waited()
                      + " waited for a claim, "
                      + result.replayedAfterWait()
                      + " of them replayed from another process")
              + " ("
              + ms
              + " ms)");
    }
    return result.ok() ? Main.EXIT_OK : Main.EXIT_TRAP;
  }

  /** One task's line: function, outcome, how it came about, CIDs. */
  static String line(TaskOutcome o) {
    StringBuilder b = new StringBuilder();
    b.append("tasks[").append(o.node().index()).append("] ").append(o.function()).append(": ");
    b.append(summary(o.receipt().out()));
    // "not run": the task failed before its guest was called (an await, a missing module, …)
    b.append(o.replayed() ? " (replayed" : o.executed() ? " (ran" : " (not run");
    b.append(", ").append(o.nanos() / 1_000_000).append(" ms");
    if (o.fuelUsed() >= 0) {
      b.append(", fuel ").append(o.fuelUsed());
      if (o.fuelLimit() >= 0) {
        b.append(" of ").append(o.fuelLimit());
      }
    }
    if (o.waited()) {
      b.append(", after waiting for a claim");
    }
    if (o.specialized()) {
      b.append(", specialized");
    }
    if (!o.replayed() && !o.memoized()) {
      b.append(", not memoized");
    }
    b.append(")");
    b.append(" instruction ").append(o.node().instructionCid());
    b.append(" receipt ").append(o.receiptCid());
    return b.toString();
  }

  /** {@code ok 2}, {@code ok "hello\nworld"}, {@code ok <31 bytes>}, {@code error: reason}. */
  static String summary(InstructionResult out) {
    if (!out.isSuccess()) {
      return "error: " + TaskError.reasonOf(out);
    }
    return out.tag() + " " + value(out.value());
  }

  private static String value(Object v) {
    String s;
    if (v instanceof byte[] bytes) {
      return "<" + plural(bytes.length, "byte") + ">";
    } else if (v instanceof String str) {
      s = Json.quote(str);
    } else {
      s = DagJson.encodeToString(v);
    }
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }

  private static String function(WorkflowGraph.Node n) {
    Object f = n.instruction().input() instanceof Map<?, ?> m ? m.get("func") : null;
    return f instanceof String s ? s : n.instruction().op();
  }

  // ---- receipt, memo ls -------------------------------------------------------------------------

  private int receipt(String text) throws Main.Failure {
    Cid cid = Main.Command.parseCid(text);
    if (cid == null) {
      throw Main.Failure.error("not a CID: " + text);
    }
    Receipt r;
    try {
      r =
          memo()
              .receipts()
              .get(cid)
              .orElseThrow(
                  () ->
                      Main.Failure.error(
                          "receipt "
                              + text
                              + " is not in the block store "
                              + home().resolve("blocks")));
    } catch (MemoException e) {
      throw new Main.Failure(Main.EXIT_USAGE, "error: " + e.getMessage(), e);
    }
    if (json) {
      out.println(
          "{\"cid\":"
              + Json.quote(cid.toString())
              + ",\"receipt\":"
              + DagJson.encodeToString(r.toIpld())
              + "}");
      return Main.EXIT_OK;
    }
    out.println("receipt " + cid);
    out.println("  ran   " + r.ran() + " (the invocation)");
    out.println("  out   " + summary(r.out()));
    if (!r.out().isSuccess()) {
      out.println("        " + DagJson.encodeToString(r.out().value()));
    }
    out.println("  meta  " + DagJson.encodeToString(r.meta()));
    out.println("  iss   " + (r.iss() == null ? "null" : r.iss()));
    out.println("  prf   " + r.prf());
    return Main.EXIT_OK;
  }

  private int memoLs() throws Main.Failure {
    Memo memo = memo();
    List<MemoEntry> entries;
    try {
      entries = memo.table().list();
    } catch (MemoException e) {
      throw new Main.Failure(Main.EXIT_USAGE, "error: " + e.getMessage(), e);
    }
    StringBuilder b = new StringBuilder();
    if (json) {
      b.append("{\"entries\":[");
    }
    boolean first = true;
    for (MemoEntry e : entries) {
      Optional<Receipt> r;
      try {
        r = memo.receipts().get(e.receipt());
      } catch (RuntimeException ex) {
        r = Optional.empty();
      }
      if (json) {
        if (!first) b.append(',');
        b.append("{\"instruction_cid\":").append(Json.quote(e.instruction().toString()));
        b.append(",\"receipt_cid\":").append(Json.quote(e.receipt().toString()));
        b.append(",\"recorded_at\":").append(Json.quote(e.recordedAt().toString()));
        b.append(",\"op\":")
            .append(
                r.map(x -> x.meta().get("op"))
                    .filter(String.class::isInstance)
                    .map(x -> Json.quote((String) x))
                    .orElse("null"));
        b.append(",\"ok\":").append(r.map(x -> String.valueOf(x.out().isSuccess())).orElse("null"));
        b.append('}');
      } else {
        out.println(
            e.instruction()
                + " -> "
                + e.receipt()
                + "  "
                + e.recordedAt()
                + "  "
                + r.map(
                        x ->
                            (x.meta().get("op") instanceof String s ? s + " " : "")
                                + summary(x.out()))
                    .orElse("(receipt missing from the block store)"));
      }
      first = false;
    }
    if (json) {
      b.append("]}");
      out.println(b);
    } else if (entries.isEmpty()) {
      err.println("the memo table " + memo.table().root() + " is empty");
    }
    return Main.EXIT_OK;
  }

  private static String plural(long n, String word) {
    return n + " " + word + (n == 1 ? "" : word.endsWith("ch") ? "es" : "s");
  }
}
