package io.ipvm.node.workflow;

import io.ipvm.compiler.CompileOptions;
import io.ipvm.ipld.Cid;
import io.ipvm.memo.graph.WorkflowGraph;
import io.ipvm.memo.model.Await;
import io.ipvm.memo.model.Awaits;
import io.ipvm.memo.model.Instruction;
import io.ipvm.memo.model.InstructionResult;
import io.ipvm.memo.model.ModelException;
import io.ipvm.memo.model.Receipt;
import io.ipvm.memo.model.Resources;
import io.ipvm.memo.model.Workflow;
import io.ipvm.memo.table.ClaimTable;
import io.ipvm.memo.table.Memo;
import io.ipvm.memo.table.MemoException;
import io.ipvm.node.abi.WasmCall;
import io.ipvm.node.abi.WasmCallException;
import io.ipvm.runtime.Imports;
import io.ipvm.runtime.Instance;
import io.ipvm.runtime.Limits;
import io.ipvm.runtime.Memory;
import io.ipvm.runtime.ModuleException;
import io.ipvm.runtime.TrapKind;
import io.ipvm.runtime.WasmModule;
import io.ipvm.runtime.WasmTrap;
import io.ipvm.runtime.cache.ClassCache;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs IPVM workflows as the reference node (Homestar) does, and enforces what it only parses
 * (node/README.md, "Workflows"):
 *
 * <ul>
 *   <li>the graph ({@link WorkflowGraph}) is built first, so a workflow with duplicate instructions
 *       or linked instructions is rejected before anything runs;
 *   <li>batches run in order; the tasks of one batch run concurrently, at most {@link
 *       Config#concurrency()} at a time;
 *   <li>a task whose instruction the memo table knows is replayed: its stored receipt is reported
 *       and nothing runs; otherwise its awaits are resolved by instruction CID (from this run, or
 *       from the memo table for instructions outside the workflow), top-level {@code {"/": cid}}
 *       arguments are replaced by the content's bytes, the module ({@code rsc}) is fetched and
 *       compiled once per run (and loaded from the compiled-class cache in later runs), and {@code
 *       input {func, args}} is called ({@link WasmCall#run}) under the limits in the task's {@code
 *       meta};
 *   <li>a task the memo table does not know runs under its instruction's claim ({@link
 *       io.ipvm.memo.table.ClaimTable}), so that no other thread or process on the machine runs it
 *       at the same time; a task whose claim another holds waits for it (without its concurrency
 *       permit) and replays the holder's receipt;
 *   <li>every task gets a receipt — an error receipt when it fails, also when its module cannot be
 *       fetched or compiled — stored in the block store and, when it is a pure result, recorded in
 *       the memo table, before the task counts as done.
 * </ul>
 *
 * Thread-safe: one runner may run several workflows at once.
 */
public final class WorkflowRunner implements AutoCloseable {
  /**
   * Turns a module's bytes into a compiled module. The runner uses the {@link Config#classCache()}
   * or {@link WasmModule#compile(byte[], CompileOptions)}; an embedder may give its own (e.g. to
   * compile elsewhere). Whatever it throws becomes the error receipt of the tasks that need the
   * module: {@link ModuleException.Malformed} and {@link ModuleException.Invalid} an {@code
   * invalid_module}, anything else a {@code compile_failed}.
   */
  @FunctionalInterface
  public interface ModuleLoader {
    /** The compiled module for {@code wasm}. */
    WasmModule load(byte[] wasm, CompileOptions options);
  }

  /**
   * How a runner runs tasks.
   *
   * @param concurrency the most tasks running at the same time (at least 1)
   * @param threads the threads tasks run on, one per task (virtual threads by default; deep guest
   *     recursion needs platform threads with a big stack)
   * @param classCache the compiled-class cache, or null to compile every module once per run
   * @param loader how modules are compiled, or null for the class cache (if any) or a plain compile
   * @param partialApplications whether a function that at least {@value
   *     PartialApplications#MIN_TASKS} tasks call with some scalar arguments the same in all of
   *     them gets a variant with those arguments fixed before its first task runs (its module is
   *     then compiled with entry checks; profiler/README.md)
   */
  public record Config(
      int concurrency,
      ThreadFactory threads,
      ClassCache classCache,
      ModuleLoader loader,
      boolean partialApplications) {
    /** Checks the concurrency. */
    public Config {
      if (concurrency < 1) {
        throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
      }
      Objects.requireNonNull(threads, "threads");
    }

    /** One task per available processor, on virtual threads, no class cache. */
    public static Config defaults() {
      return new Config(
          Runtime.getRuntime().availableProcessors(),
          Thread.ofVirtual().factory(),
          null,
          null,
          true);
    }

    /** This config with another concurrency. */
    public Config withConcurrency(int n) {
      return new Config(n, threads, classCache, loader, partialApplications);
    }

    /** This config with other threads. */
    public Config withThreads(ThreadFactory f) {
      return new Config(concurrency, f, classCache, loader, partialApplications);
    }

    /** This config with a compiled-class cache. */
    public Config withClassCache(ClassCache cache) {
      return new Config(concurrency, threads, cache, loader, partialApplications);
    }

    /** This config with another module loader (it takes precedence over the class cache). */
    public Config withModuleLoader(ModuleLoader l) {
      return new Config(concurrency, threads, classCache, l, partialApplications);
    }

    /** This config with variants for a workflow's partial applications, or without. */
    public Config withPartialApplications(boolean on) {
      return new Config(concurrency, threads, classCache, loader, on);
    }

    /** The loader the runner uses: {@link #loader()}, else the class cache, else a compile. */
    ModuleLoader effectiveLoader() {
      if (loader != null) {
        return loader;
      }
      if (classCache != null) {
        return (wasm, options) -> classCache.module(wasm, options).module();
      }
      return WasmModule::compile;
    }
  }

  /** Told about each task as it completes; calls are serialized by the runner. */
  @FunctionalInterface
  public interface Listener {
    /**
     * A task has its receipt (stored, and memoized if it is a pure result, when this is called).
     */
    void completed(TaskOutcome outcome);

    /**
     * The task's instruction is claimed by another process (or another run in this one), which is
     * running it now; the task waits for the claim and then replays the receipt the holder
     * recorded, or runs the instruction itself if there is none (the holder died, or its result is
     * not memoized). Does nothing by default.
     */
    default void waiting(WorkflowGraph.Node node) {}
  }

  private final Memo memo;
  private final ContentSource content;
  private final Config config;
  private final AtomicLong guestCalls = new AtomicLong();
  private final ScheduledThreadPoolExecutor timers;
  private final ModuleLoader loader;

  /**
   * A runner recording receipts in {@code memo}, reading modules and content from {@code content}.
   */
  public WorkflowRunner(Memo memo, ContentSource content, Config config) {
    this.memo = Objects.requireNonNull(memo, "memo");
    this.content = Objects.requireNonNull(content, "content");
    this.config = Objects.requireNonNull(config, "config");
    this.loader = config.effectiveLoader();
    this.timers =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "ipvm-time-limits");
              t.setDaemon(true);
              return t;
            });
    timers.setRemoveOnCancelPolicy(true);
  }

  /** How many guest calls this runner has made, over all runs (tests assert replays make none). */
  public long guestCalls() {
    return guestCalls.get();
  }

  /** Stops the time-limit timer thread. */
  @Override
  public void close() {
    timers.shutdownNow();
  }

  /** The memo table and receipt store. */
  public Memo memo() {
    return memo;
  }

  /** Runs {@code workflow}; see {@link #run(WorkflowGraph, Listener)}. */
  public WorkflowResult run(Workflow workflow, Listener listener) {
    return run(WorkflowGraph.of(workflow), listener);
  }

  /**
   * Runs a workflow's tasks batch by batch and returns every task's outcome. Failing tasks do not
   * stop the run: they get error receipts, tasks awaiting them get error receipts naming them, and
   * the others complete.
   *
   * @throws ModelException (from {@link WorkflowGraph#of}) for duplicate or linked instructions
   * @throws io.ipvm.memo.table.MemoException when a receipt or memo entry cannot be written (the
   *     run stops: results that cannot be recorded are not acknowledged)
   */
  public WorkflowResult run(WorkflowGraph graph, Listener listener) {
    Run run = new Run(graph, listener == null ? o -> {} : listener);
    return run.execute();
  }

  /** The state of one run. */
  private final class Run {
    final WorkflowGraph graph;
    final Listener listener;
    final Map<Cid, InstructionResult> results = new ConcurrentHashMap<>();
    final TaskOutcome[] outcomes;
    final Map<String, Object> modules = new ConcurrentHashMap<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger peak = new AtomicInteger();

    /** The workflow's partial applications (functions with arguments fixed across tasks). */
    final Map<PartialApplications.Function, Map<Integer, Object>> partial;

    /** Those that got their variant: what their calls must pass to run it. */
    final Map<PartialApplications.Function, Map<Integer, Object>> specialized =
        new ConcurrentHashMap<>();

    Run(WorkflowGraph graph, Listener listener) {
      this.graph = graph;
      this.listener = listener;
      this.outcomes = new TaskOutcome[graph.nodes().size()];
      this.partial =
          config.partialApplications()
              ? PartialApplications.find(graph, PartialApplications.MIN_TASKS)
              : Map.of();
    }

    /** Whether the task's call ran a variant made for the workflow's partial application. */
    boolean ranVariant(WorkflowGraph.Node node) {
      if (specialized.isEmpty()
          || !(node.instruction().input() instanceof Map<?, ?> input)
          || !(input.get("func") instanceof String func)
          || !(input.get("args") instanceof List<?> args)) {
        return false;
      }
      Map<Integer, Object> fixed =
          specialized.get(new PartialApplications.Function(node.instruction().rsc(), func));
      return fixed != null && PartialApplications.matches(fixed, args);
    }

    /**
     * Gives each partial application of module {@code rsc} its variant. Best effort: a function
     * that cannot have one (not a core export, arguments that do not fit) keeps its general code,
     * and its tasks fail or succeed as they would anyway.
     */
    void specializeUpFront(WasmModule module, String rsc) {
      for (Map.Entry<PartialApplications.Function, Map<Integer, Object>> e : partial.entrySet()) {
        if (!e.getKey().rsc().equals(rsc)) {
          continue;
        }
        try {
          if (!io.ipvm.node.abi.WitMetadata.componentTypeSections(module).isEmpty()) {
            return; // WIT-typed functions lower their arguments otherwise: not fixed here
          }
          Integer index = exportedFunction(module, e.getKey().func());
          if (index == null) {
            continue;
          }
          List<?> args = firstArgs(e.getKey());
          Map<Integer, Number> constants =
              PartialApplications.coreParameters(
                  e.getValue(), args, module.compiled().functionTypes().get(index));
          if (!constants.isEmpty() && module.specialize(index, constants) != null) {
            specialized.put(e.getKey(), e.getValue());
          } else if (module.variants(index).contains(constants)) {
            specialized.put(e.getKey(), e.getValue()); // made by an earlier run in this process
          }
        } catch (RuntimeException ex) {
          // keep the general code
        }
      }
    }

    private List<?> firstArgs(PartialApplications.Function f) {
      for (WorkflowGraph.Node node : graph.nodes()) {
        if (node.instruction().rsc().equals(f.rsc())
            && node.instruction().input() instanceof Map<?, ?> input
            && f.func().equals(input.get("func"))
            && input.get("args") instanceof List<?> args) {
          return args;
        }
      }
      return List.of();
    }

    /** The function a task's {@code func} names, found as the call will find it. */
    private static Integer exportedFunction(WasmModule module, String name) {
      var section = module.compiled().module().exportSection();
      for (String candidate : io.ipvm.node.abi.FunctionLookup.candidates(name)) {
        for (int i = 0; i < section.exportCount(); i++) {
          var e = section.getExport(i);
          if (e.name().equals(candidate)
              && e.exportType() == com.dylibso.chicory.wasm.types.ExternalType.FUNCTION) {
            return e.index();
          }
        }
      }
      return null;
    }

    WorkflowResult execute() {
      Semaphore permits = new Semaphore(config.concurrency());
      try (ExecutorService executor = Executors.newThreadPerTaskExecutor(config.threads())) {
        for (List<Integer> batch : graph.batches()) {
          List<Future<?>> futures = new ArrayList<>(batch.size());
          for (int index : batch) {
            WorkflowGraph.Node node = graph.nodes().get(index);
            // The permit is taken before the thread exists, so a batch of thousands of tasks
            // makes at most `concurrency` threads at a time (platform threads may have big
            // stacks).
            permits.acquireUninterruptibly();
            try {
              futures.add(
                  executor.submit(
                      () -> {
                        Slot slot = new Slot(permits);
                        try {
                          finish(runTask(node, slot));
                        } finally {
                          slot.release();
                        }
                        return null;
                      }));
            } catch (RuntimeException | Error e) {
              permits.release(); // no thread was started to release it
              throw e;
            }
          }
          RuntimeException failure = null;
          for (Future<?> f : futures) {
            try {
              f.get();
            } catch (ExecutionException e) {
              Throwable c = e.getCause();
              RuntimeException r =
                  c instanceof RuntimeException re ? re : new IllegalStateException(c);
              if (failure == null) {
                failure = r;
              } else {
                failure.addSuppressed(r);
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException("interrupted while running a workflow", e);
            }
          }
          if (failure != null) {
            throw failure;
          }
        }
      }
      return new WorkflowResult(graph, List.of(outcomes), peak.get());
    }

    /** Records the outcome for later tasks and tells the listener. */
    void finish(TaskOutcome outcome) {
      results.put(outcome.node().instructionCid(), outcome.receipt().out());
      synchronized (this) {
        outcomes[outcome.node().index()] = outcome;
        listener.completed(outcome);
      }
    }

    /**
     * A task's share of the concurrency bound: the permit taken before its thread was started. A
     * task waiting for another holder's claim gives its permit back, so the wait does not keep a
     * ready task from running, and takes one again only if it has to run the instruction itself.
     */
    final class Slot {
      private final Semaphore permits;
      private boolean held = true;

      Slot(Semaphore permits) {
        this.permits = permits;
        peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      }

      void pause() {
        if (held) {
          held = false;
          inFlight.decrementAndGet();
          permits.release();
        }
      }

      void resume() {
        if (!held) {
          permits.acquireUninterruptibly();
          held = true;
          peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        }
      }

      void release() {
        pause();
      }
    }

    /**
     * The task's receipt: replayed from the memo table, or computed under the instruction's claim
     * (node/README.md, "Two processes, one home"). The claim makes sure no other thread or process
     * runs the same instruction meanwhile; if another holds it, this task waits without its permit
     * and then replays what the holder recorded.
     */
    TaskOutcome runTask(WorkflowGraph.Node node, Slot slot) {
      long start = System.nanoTime();
      Cid instruction = node.instructionCid();
      Optional<Memo.Hit> hit = memo.lookup(instruction);
      if (hit.isPresent() && TaskError.replayable(hit.get().receipt(), node.invocationCid())) {
        return replayed(node, hit.get(), start, false);
      }
      boolean waited = false;
      ClaimTable.Claim claim = memo.claims().tryClaim(instruction).orElse(null);
      if (claim == null) {
        waited = true;
        synchronized (this) {
          listener.waiting(node);
        }
        slot.pause();
        try {
          claim = memo.claims().claim(instruction);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(
              "interrupted while waiting for the claim on instruction " + instruction, e);
        }
      }
      try (ClaimTable.Claim held = claim) {
        // Whoever held the claim (or finished between the lookup above and the claim) has
        // recorded its receipt by now: replay it rather than run the instruction again.
        hit = memo.lookup(instruction);
        if (hit.isPresent() && TaskError.replayable(hit.get().receipt(), node.invocationCid())) {
          return replayed(node, hit.get(), start, waited);
        }
        slot.resume();
        return compute(node, start, waited);
      }
    }

    /** The outcome of a task whose receipt comes from the memo table. */
    TaskOutcome replayed(WorkflowGraph.Node node, Memo.Hit hit, long start, boolean waited) {
      long fuelLimit;
      try {
        Resources r = node.task().resources();
        fuelLimit = r.fuelLimited() ? r.fuel() : -1;
      } catch (ModelException | IllegalArgumentException e) {
        fuelLimit = -1;
      }
      return new TaskOutcome(
          node,
          hit.receipt(),
          hit.receiptCid(),
          true,
          true,
          false,
          System.nanoTime() - start,
          -1,
          fuelLimit,
          null,
          waited,
          false);
    }

    /** Runs the task (the caller holds its claim) and records its receipt. */
    TaskOutcome compute(WorkflowGraph.Node node, long start, boolean waited) {
      Attempt a;
      try {
        a = attempt(node);
      } catch (MemoException e) {
        throw e; // the run stops: see run()
      } catch (RuntimeException | StackOverflowError | LinkageError | AssertionError e) {
        // A failure nobody foresaw must still end in this task's receipt, not in the run's end.
        a = Attempt.failed(TaskError.of(TaskError.KIND_INTERNAL, "internal error: " + e));
      }
      Receipt receipt =
          Receipt.of(
              node.invocationCid(),
              a.error == null ? InstructionResult.ok(a.value) : a.error.result(),
              opName(node.instruction()));
      boolean memoize =
          (a.error == null || a.error.replay() != TaskError.Replay.NEVER) && stableInputs(node);
      Cid cid =
          memoize ? memo.record(node.instructionCid(), receipt) : memo.receipts().put(receipt);
      return new TaskOutcome(
          node,
          receipt,
          cid,
          false,
          memoize,
          a.executed,
          System.nanoTime() - start,
          a.fuelUsed,
          a.fuelLimit,
          a.error,
          waited,
          a.executed && ranVariant(node));
    }

    /**
     * Whether every result the task awaits would be the same on the next run: ok, or an error of
     * the instruction alone ({@link TaskError.Replay#ALWAYS}). A task that consumed, say, a time
     * limit or a compiler failure through {@code await/error} or {@code await/*} computed its
     * receipt from a result that is not memoized, so its own receipt must not be either: the next
     * run may give the dependency, and so the task, another result.
     */
    boolean stableInputs(WorkflowGraph.Node node) {
      for (Await await : node.awaits()) {
        InstructionResult r = results.get(await.instruction());
        if (r == null) {
          r = memo.lookup(await.instruction()).map(h -> h.receipt().out()).orElse(null);
        }
        if (r != null && !r.isSuccess() && TaskError.replayOf(kind(r)) != TaskError.Replay.ALWAYS) {
          return false;
        }
      }
      return true;
    }

    /** Everything between "not memoized" and the receipt. */
    Attempt attempt(WorkflowGraph.Node node) {
      Instruction ins = node.instruction();
      Resources resources;
      try {
        resources = node.task().resources();
      } catch (ModelException | IllegalArgumentException e) {
        return Attempt.failed(
            TaskError.of(
                TaskError.KIND_UNSUPPORTED, "the task's meta is not valid: " + e.getMessage()));
      }
      if (!Instruction.WASM_RUN.equals(ins.op())) {
        return Attempt.failed(
            TaskError.of(
                    TaskError.KIND_UNSUPPORTED,
                    "the op \"" + ins.op() + "\" is not supported (this node runs \"wasm/run\")")
                .with("op", ins.op()));
      }

      // Awaits: every one must have a result, and the result must be of the awaited branch.
      Map<Cid, InstructionResult> resolved = new HashMap<>();
      for (Await await : node.awaits()) {
        Cid dep = await.instruction();
        InstructionResult r = results.get(dep);
        boolean inFlow = graph.node(dep).isPresent();
        if (r == null && !inFlow) {
          r = memo.lookup(dep).map(h -> h.receipt().out()).orElse(null);
        }
        if (r == null) {
          return Attempt.failed(
              TaskError.of(
                      TaskError.KIND_UNRESOLVED,
                      "awaits instruction "
                          + dep
                          + ", which is not in this workflow and has no receipt in the memo table")
                  .with("instruction", dep));
        }
        if (!await.accepts(r)) {
          String where = inFlow ? " (" + describe(graph.node(dep).get()) + ")" : "";
          TaskError e =
              r.isSuccess()
                  ? TaskError.of(
                      TaskError.KIND_DEPENDENCY,
                      await.key()
                          + " on instruction "
                          + dep
                          + where
                          + ", which succeeded: only an error receipt satisfies await/error")
                  : TaskError.of(
                      TaskError.KIND_DEPENDENCY,
                      "awaited instruction " + dep + where + " failed: " + TaskError.reasonOf(r));
          return Attempt.failed(e.with("instruction", dep).with("await", await.key()));
        }
        resolved.put(dep, r);
      }
      Object input = Awaits.substitute(ins.input(), a -> resolved.get(a.instruction()));

      // Top-level links in args name content: the bytes of the file, as the reference node does.
      if (ins.input() instanceof Map<?, ?> original
          && original.get("args") instanceof List<?> originalArgs
          && input instanceof Map<?, ?> substituted
          && substituted.get("args") instanceof List<?> args) {
        List<Object> replaced = null;
        for (int i = 0; i < originalArgs.size(); i++) {
          // A resolved result written as an argument, ["ok", v], is unwrapped to v, as the
          // reference node does.
          if (InstructionResult.isTuple(originalArgs.get(i))) {
            if (replaced == null) {
              replaced = new ArrayList<>(args);
            }
            replaced.set(i, ((List<?>) originalArgs.get(i)).get(1));
          }
          if (originalArgs.get(i) instanceof Cid link) {
            if (replaced == null) {
              replaced = new ArrayList<>(args);
            }
            try {
              replaced.set(i, content.content(link));
            } catch (ContentSource.NotFound e) {
              return Attempt.failed(
                  TaskError.of(TaskError.KIND_NOT_FOUND, "argument " + i + ": " + e.getMessage())
                      .with("cid", link));
            }
          }
        }
        if (replaced != null) {
          Map<String, Object> m = new LinkedHashMap<>();
          for (Map.Entry<?, ?> e : substituted.entrySet()) {
            m.put((String) e.getKey(), e.getValue());
          }
          m.put("args", replaced);
          input = m;
        }
      }
      if (!(input instanceof Map<?, ?> inputMap)) {
        return Attempt.failed(
            TaskError.of(
                TaskError.KIND_BAD_ARGUMENTS,
                "the input of wasm/run must be a map {\"func\": name, \"args\": [...]}"));
      }

      // A finite fuel or time limit needs the metered ("limited") code: plain code counts nothing
      // and cannot be interrupted.
      boolean metered = resources.fuelLimited() || resources.timeLimited();
      Object loaded = module(ins.rsc(), metered);
      if (loaded instanceof TaskError e) {
        return Attempt.failed(e);
      }
      WasmModule module = (WasmModule) loaded;

      Limits limits = new Limits(resources.fuel(), resources.memoryBytes());
      long fuelLimit = resources.fuelLimited() ? resources.fuel() : -1;
      Instance instance = null;
      ScheduledFuture<?> timer =
          resources.timeLimited()
              ? timers.schedule(limits::interrupt, resources.timeMillis(), TimeUnit.MILLISECONDS)
              : null;
      guestCalls.incrementAndGet();
      try {
        instance = module.instantiate(new Imports(), limits);
        @SuppressWarnings("unchecked")
        Map<String, ?> call = (Map<String, ?>) inputMap;
        Object value = WasmCall.run(instance, call);
        return new Attempt(value, null, true, metered ? instance.fuelConsumed() : -1, fuelLimit);
      } catch (WasmCallException e) {
        TaskError error =
            classify(
                e,
                e instanceof WasmCallException.Trapped t ? t.kind() : null,
                instance,
                resources,
                metered);
        // no such function, or arguments that do not fit it: the guest was never called
        boolean called =
            e instanceof WasmCallException.Trapped || e instanceof WasmCallException.AbiViolation;
        return new Attempt(
            null, error, called, called ? fuelUsed(instance, metered) : -1, fuelLimit);
      } catch (WasmTrap e) {
        TaskError error =
            classify(e, e.kind(), instance, resources, metered)
                .with("phase", "instantiation (start function or segments)");
        return new Attempt(null, error, true, fuelUsed(instance, metered), fuelLimit);
      } catch (ModuleException.LimitExceeded e) {
        return new Attempt(
            null,
            TaskError.of(
                    TaskError.KIND_MEMORY,
                    "memory limit of "
                        + resources.memoryBytes()
                        + " bytes reached: "
                        + e.getMessage())
                .with("memory", resources.memoryBytes()),
            true,
            -1,
            fuelLimit);
      } catch (ModuleException.Unlinkable e) {
        return new Attempt(
            null,
            TaskError.of(
                TaskError.KIND_UNLINKABLE,
                "the module cannot be linked: "
                    + e.getMessage()
                    + " (this node gives workflow modules no imports)"),
            false,
            -1,
            fuelLimit);
      } catch (OutOfMemoryError e) {
        return new Attempt(
            null,
            TaskError.of(
                TaskError.KIND_INTERNAL,
                "the node ran out of memory running the task (set a lower memory limit in meta)"),
            true,
            -1,
            fuelLimit);
      } catch (LinkageError e) {
        // The JVM refused the generated classes (a VerifyError as they load): a compiler bug,
        // like a compile that throws, so the same kind and never memoized.
        return new Attempt(
            null,
            TaskError.of(
                    TaskError.KIND_COMPILE_FAILED,
                    "the module "
                        + ins.rsc()
                        + " was compiled to code the JVM rejects (an internal compiler failure,"
                        + " not necessarily a bad module): "
                        + e)
                .with("rsc", ins.rsc()),
            true,
            -1,
            fuelLimit);
      } catch (RuntimeException e) {
        return new Attempt(
            null,
            TaskError.of(TaskError.KIND_INTERNAL, "internal error: " + e),
            true,
            -1,
            fuelLimit);
      } finally {
        if (timer != null) {
          timer.cancel(false);
        }
      }
    }

    /**
     * The module for {@code rsc}, compiled once per run and variant, or why there is none: every
     * failure to fetch or compile it, foreseen or not, becomes the error of the tasks that need it.
     */
    Object module(String rsc, boolean metered) {
      return modules.computeIfAbsent(
          (metered ? "metered " : "plain ") + rsc, k -> load(rsc, metered));
    }

    private Object load(String rsc, boolean metered) {
      byte[] wasm;
      try {
        wasm = content.module(rsc);
      } catch (ContentSource.NotFound e) {
        return TaskError.of(TaskError.KIND_NOT_FOUND, e.getMessage()).with("rsc", rsc);
      } catch (RuntimeException | StackOverflowError e) {
        return TaskError.of(
                TaskError.KIND_INTERNAL,
                "cannot fetch the module " + rsc + ": internal error: " + e)
            .with("rsc", rsc);
      }
      CompileOptions options = metered ? CompileOptions.METERED : CompileOptions.DEFAULT;
      boolean partialHere = partial.keySet().stream().anyMatch(f -> f.rsc().equals(rsc));
      if (partialHere) {
        options = options.withEntryChecks(true); // so that its functions can take variants
      }
      try {
        WasmModule module = loader.load(wasm, options);
        if (partialHere) {
          specializeUpFront(module, rsc);
        }
        return module;
      } catch (ModuleException.Malformed | ModuleException.Invalid e) {
        // The compiler's verdict on these bytes: memoized, but only for this compiler build
        // (TaskError.Replay.SAME_COMPILER), so a validator fixed later judges the module again.
        return TaskError.of(
                TaskError.KIND_INVALID_MODULE,
                "the module " + rsc + " is not a valid WebAssembly module: " + e.getMessage())
            .with("rsc", rsc)
            .with(TaskError.COMPILER, TaskError.compilerBuild());
      } catch (RuntimeException
          | StackOverflowError
          | OutOfMemoryError
          | LinkageError
          | AssertionError e) {
        // The compiler broke on the module (a bug here, not necessarily a bad module): never
        // memoized, so the next run, perhaps on a fixed build, compiles it again.
        return TaskError.of(
                TaskError.KIND_COMPILE_FAILED,
                "the module "
                    + rsc
                    + " could not be compiled (an internal compiler failure, not necessarily a"
                    + " bad module): "
                    + e)
            .with("rsc", rsc);
      }
    }
  }

  /** What a guest call produced: a value, or an error. */
  private record Attempt(
      Object value, TaskError error, boolean executed, long fuelUsed, long fuelLimit) {
    static Attempt failed(TaskError error) {
      return new Attempt(null, error, false, -1, -1);
    }
  }

  private static long fuelUsed(Instance instance, boolean metered) {
    return instance != null && metered ? instance.fuelConsumed() : -1;
  }

  /** The error receipt's value for a failure in the guest, limits first. */
  private static TaskError classify(
      RuntimeException e, TrapKind trap, Instance instance, Resources res, boolean metered) {
    Memory memory = instance == null ? null : instance.memory();
    if (trap == TrapKind.INTERRUPTED) {
      return TaskError.of(TaskError.KIND_TIME, "time limit of " + res.timeMillis() + " ms exceeded")
          .with("time", res.timeMillis());
    }
    if (trap == TrapKind.FUEL_EXHAUSTED) {
      long used = instance == null ? res.fuel() : instance.fuelConsumed();
      return TaskError.of(
              TaskError.KIND_FUEL,
              "fuel exhausted after "
                  + used
                  + " units (the task's fuel limit is "
                  + res.fuel()
                  + ")")
          .with("fuel", res.fuel())
          .with("fuel_used", used);
    }
    if (memory != null && memory.limitReached()) {
      return TaskError.of(
              TaskError.KIND_MEMORY,
              "memory limit of "
                  + res.memoryBytes()
                  + " bytes reached (memory.grow refused at "
                  + memory.pages() * (long) Memory.PAGE_SIZE
                  + " bytes), then: "
                  + e.getMessage())
          .with("memory", res.memoryBytes());
    }
    if (trap == TrapKind.CALL_STACK_EXHAUSTED) {
      return TaskError.of(
              TaskError.KIND_STACK,
              e.getMessage() + " (the guest recursed deeper than this node's call stack)")
          .with("trap", trap.message());
    }
    if (trap != null) {
      return TaskError.of(TaskError.KIND_TRAP, e.getMessage()).with("trap", trap.message());
    }
    if (e instanceof WasmCallException.NoSuchFunction n) {
      return TaskError.of(TaskError.KIND_NO_FUNCTION, e.getMessage())
          .with("tried", n.tried())
          .with("available", n.available());
    }
    if (e instanceof WasmCallException.BadArguments) {
      return TaskError.of(TaskError.KIND_BAD_ARGUMENTS, e.getMessage());
    }
    return TaskError.of(TaskError.KIND_ABI, e.getMessage());
  }

  /** The {@code kind} of an error result written by this node, or "". */
  private static String kind(InstructionResult r) {
    return r.value() instanceof Map<?, ?> m && m.get("kind") instanceof String k ? k : "";
  }

  /** {@code tasks[i] (func)}, for messages. */
  static String describe(WorkflowGraph.Node node) {
    Object f = node.instruction().input() instanceof Map<?, ?> m ? m.get("func") : null;
    return "tasks[" + node.index() + "]" + (f instanceof String s ? " " + s : "");
  }

  /** The receipt's {@code meta.op}: the function name as written, as the reference node does. */
  static String opName(Instruction ins) {
    Object f = ins.input() instanceof Map<?, ?> m ? m.get("func") : null;
    return f instanceof String s ? s : ins.op();
  }
}
