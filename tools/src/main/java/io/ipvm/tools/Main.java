package io.ipvm.tools;

import io.ipvm.compiler.CompileOptions;
import io.ipvm.ipld.Cid;
import io.ipvm.ipld.IpldException;
import io.ipvm.ipld.store.BlockStore;
import io.ipvm.ipld.store.BlockStoreException;
import io.ipvm.ipld.store.IpvmHome;
import io.ipvm.ipld.unixfs.UnixFsImporter;
import io.ipvm.ipld.unixfs.UnixFsReader;
import io.ipvm.runtime.Imports;
import io.ipvm.runtime.Instance;
import io.ipvm.runtime.ModuleException;
import io.ipvm.runtime.WasmFunction;
import io.ipvm.runtime.WasmModule;
import io.ipvm.runtime.WasmTrap;
import io.ipvm.runtime.cache.ClassCache;
import io.ipvm.runtime.wasi.Wasi;
import io.ipvm.runtime.wasi.WasiExit;
import io.ipvm.wasm.FunctionType;
import io.ipvm.wasm.ValType;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code ipvm} command line: {@code run}, {@code inspect}, {@code version} and {@code help}.
 *
 * <p>Everything goes through {@link #run(String[], PrintStream, PrintStream)}, which returns the
 * exit status instead of exiting, so tests can drive the whole command in-process. Arguments are
 * parsed by hand and nothing is initialised statically: start-up time is most of the cost of a
 * short run.
 */
public final class Main {
  /** The call returned (or the command did what was asked). */
  public static final int EXIT_OK = 0;

  /** The WebAssembly code trapped. */
  public static final int EXIT_TRAP = 1;

  /** Bad command line, unreadable file, or a module that is malformed, invalid or unlinkable. */
  public static final int EXIT_USAGE = 2;

  /** A bug in ipvm (an unexpected Java exception). */
  public static final int EXIT_INTERNAL = 3;

  /**
   * Milliseconds after {@code --timeout} that a guest still running (blocked in a host call, which
   * the interrupt cannot reach) is given up on.
   */
  static final long HARD_DEADLINE_GRACE = 1000;

  /** {@code run --fuel N}: the module ran out of fuel. */
  public static final int EXIT_FUEL = 4;

  /** {@code run --timeout DURATION}: the run took longer and was stopped. */
  public static final int EXIT_TIMEOUT = 5;

  /**
   * {@code run --max-memory BYTES}: the module's initial memory is bigger, or it failed (trapped or
   * exited non-zero) after {@code memory.grow} was refused at the limit.
   */
  public static final int EXIT_MEMORY = 6;

  /**
   * Standard output could not be written (a full disk, a closed pipe): what was printed is
   * incomplete. Also a WASI program's, whose writes then fail with EIO.
   */
  public static final int EXIT_OUTPUT = 7;

  /**
   * Stack size of the thread that compiles and runs the module: WebAssembly calls are JVM calls, so
   * deep guest recursion needs a deep JVM stack (reserved, not committed, until used).
   */
  static final long STACK_SIZE = 256L << 20;

  static final String HELP =
      """
      ipvm - run WebAssembly modules on the JVM (ipvm-jvm)

      Usage:
        ipvm run [--json] [--verbose] FILE.wasm [--invoke NAME] [ARGS...]
            Instantiate FILE.wasm (it gets no imports), call its exported function NAME
            with ARGS, one per parameter, and print the results one per line.
            Without --invoke, the export _start is called.
        ipvm run [--fuel N] [--timeout DURATION] [--max-memory BYTES] FILE.wasm ...
            The same within limits: N Wasm instructions, DURATION (500ms, 10s, 2m),
            BYTES of linear memory (65536, 64KiB, 1GiB); exit 4, 5 or 6 when reached.
        ipvm run FILE.wasm [--dir HOST[::GUEST]]... [--env K=V]... [--] [ARGS...]
            A module importing wasi_snapshot_preview1 gets WASI: _start runs with
            argv = FILE.wasm ARGS..., stdin/stdout/stderr connected, the given
            directories preopened; the exit status is the code it exits with.
        ipvm run [--ipfs-api URL] CID|ipfs://CID [--invoke NAME] [ARGS...]
            Run a module from the block store ($IPVM_HOME, default ~/.ipvm), added
            there with ipvm add, or fetched from the IPFS daemon if one is set
            (a FILE of that name takes precedence). Every block is verified.
        ipvm inspect [--json] FILE.wasm
            List the module's imports and exports with their types.
        ipvm add [--json] [--ipfs-api URL] FILE
            Store FILE as UnixFS in the block store and print its CID (the CID
            ipfs add --cid-version=1 --raw-leaves gives); --json: {"cid":...,"size":N}.
            With an IPFS daemon set, the blocks are also put there and pinned.
        ipvm cat [--ipfs-api URL] CID
            Write the file named CID (a raw block or UnixFS file) to standard output.
        ipvm car export [--json] [--ipfs-api URL] CID FILE
            Write every block reachable from CID to FILE as a CARv1 (- = stdout).
        ipvm car import [--json] [--ipfs-api URL] FILE
            Verify and store every block of the CAR FILE (- = stdin); print its roots.
        ipvm workflow inspect [--json] FILE.json|FILE.cbor
            Without running anything: the workflow CID and, per task, the function
            and its instruction, task and invocation CIDs and what it awaits.
        ipvm workflow run [--json] [--concurrency N] [--no-specialize] [--ipfs-api URL] FILE
            Run an IPVM workflow (Homestar's format): a line per task as it completes
            (result, ran or replayed, time, fuel, instruction and receipt CIDs); a
            receipt per task in the block store, memoized in $IPVM_HOME/memo, so a
            second run replays. Exit status 1 if any task failed.
        ipvm receipt [--json] CID
            Show a receipt from the block store.
        ipvm memo ls [--json]
            List the memo table: instruction CID -> receipt CID.
        ipvm version     Print the version.
        ipvm help        Print this help (also: --help, -h).
        ipvm help COMMAND  The help of COMMAND, with its argument formats (also:
                         ipvm COMMAND --help), e.g. ipvm help run, ipvm help workflow.

      Options:
        --invoke NAME    the exported function to call
        --dir HOST[::GUEST]  WASI: give the guest directory HOST, named GUEST
                         (default: HOST as written); repeatable
        --env K=V        WASI: an environment variable for the guest; repeatable
        --json           run: print {"results":[...],"types":[...]}; inspect: JSON
        --verbose        on errors, also print the Java stack trace; run: say whether
                         the compiled-class cache answered ("cache hit") or it compiled
        --no-cache       run: compile even if $IPVM_HOME/classes has the module's
                         classes, and store nothing there
        --ipfs-api URL   use the IPFS daemon whose RPC API is at URL (http://HOST:PORT
                         or /ip4/HOST/tcp/PORT) behind the block store: blocks not
                         in $IPVM_HOME are fetched from it, verified and kept; an
                         empty URL means no daemon
        --               everything after it is FILE or ARGS, even if it starts with --

      IPFS daemon: --ipfs-api URL, else $IPVM_IPFS_API, else "ipfs_api" in
      $IPVM_HOME/config.json ({"ipfs_api": "http://127.0.0.1:5001"}; optional
      "ipfs_timeout": seconds a missing block is waited for, default 30), else none:
      the embedded block store alone.

      Arguments are read by the function's parameter types:
        i32, i64   decimal, signed or unsigned (-1 and 4294967295 are the same i32),
                   or hex: 0x2a, -0x80000000
        f32, f64   decimal (1.5, -2e-3), hex float (0x1.8p3), inf, -inf, nan, -nan,
                   nan:0xPAYLOAD
      Results: i32/i64 in signed decimal; f32/f64 as the shortest decimal that reads
      back as the same value (1.5, 1.0E10, -0.0), or inf, -inf, nan, -nan, nan:0x...

      Exit status: 0 ok, 1 trap, 2 bad command line or module, 3 internal error,
      4 fuel exhausted, 5 time limit, 6 memory limit (run), 7 standard output could not
      be written (every command); for WASI programs, the code passed to exit
      (proc_exit), 0 if _start returns: the "error:" or "trap:" line on standard error
      tells ipvm's own statuses from the program's.
      """;

  private Main() {}

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    // Not System.out: it swallows write errors without saying which (see CheckedPrintStream).
    PrintStream out =
        new CheckedPrintStream(new FileOutputStream(FileDescriptor.out), System.out.charset());
    int status = run(args, out, System.err);
    out.flush();
    System.err.flush();
    System.exit(status);
  }

  /**
   * Runs one command line, writing results to {@code out} and messages to {@code err}, on a thread
   * with a {@link #STACK_SIZE} stack. Never throws and never exits.
   *
   * @return the exit status ({@link #EXIT_OK}, {@link #EXIT_TRAP}, {@link #EXIT_USAGE} or {@link
   *     #EXIT_INTERNAL})
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, System.in, out, err);
  }

  /**
   * Like {@link #run(String[], PrintStream, PrintStream)}, with {@code in} as the standard input of
   * WASI programs.
   */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    return run(args, in, out, err, System.getenv());
  }

  /**
   * Like {@link #run(String[], InputStream, PrintStream, PrintStream)}, with {@code env} as the
   * environment ipvm itself reads ({@code IPVM_HOME} for the block store of {@code add}, {@code
   * cat} and {@code run CID}); for tests.
   */
  public static int run(
      String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
    Command command = new Command(args, in, out, err, env);
    Thread thread = new Thread(null, command, "ipvm", STACK_SIZE);
    // A daemon thread: a run given up after its --timeout (below) must not keep the JVM alive.
    thread.setDaemon(true);
    thread.start();
    boolean interrupted = false;
    boolean abandoned = false;
    while (true) {
      try {
        long deadline = command.hardDeadline;
        if (deadline == 0) {
          thread.join(1000); // the deadline is set once run has parsed --timeout
        } else {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            abandoned = thread.isAlive();
            break;
          }
          thread.join(Math.max(1, left / 1_000_000));
        }
        if (!thread.isAlive()) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (abandoned) {
      // The guest did not reach a check after the interrupt: it is blocked in a host call (a
      // WASI read of standard input). Give up on it; main() exits the JVM.
      err.println(
          "error: time limit exceeded: the run was stopped after --timeout "
              + command.timeoutText
              + " (it did not stop at the interrupt: blocked in a host call such as reading"
              + " standard input)");
      err.flush();
      return EXIT_TIMEOUT;
    }
    int status = command.status;
    // Every command's output is checked here, once, rather than after each print: checkError()
    // flushes, and a PrintStream remembers a failure until then.
    if (out.checkError() && !command.outputFailed) {
      err.println("error: " + outputFailure(out));
      status = EXIT_OUTPUT;
    }
    err.flush();
    return status;
  }

  /** Why standard output failed, for the message ("No space left on device", "Broken pipe"). */
  static String outputFailure(PrintStream out) {
    IOException cause = out instanceof CheckedPrintStream c ? c.failure() : null;
    return "cannot write to standard output"
        + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage())
        + " (the output is incomplete)";
  }

  /** A failure with its exit status and message (already formatted for the user). */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    final int status;

    Failure(int status, String message, Throwable cause) {
      super(message, cause, false, false);
      this.status = status;
    }

    /** A malformed command line: the message and a pointer to the help. */
    static Failure usage(String message) {
      return new Failure(EXIT_USAGE, "error: " + message + "\n" + USAGE_HINT, null);
    }

    /** The pointer to the help that ends a usage error; Command names the command's own help. */
    static final String USAGE_HINT = "run 'ipvm help' for the usage";

    /** A command line that is well-formed but cannot be carried out (exit status 2). */
    static Failure error(String message) {
      return new Failure(EXIT_USAGE, "error: " + message, null);
    }
  }

  /** One command line, run on the big-stack thread. */
  static final class Command implements Runnable {
    private final String[] args;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;
    private boolean verbose;

    /** {@code --no-cache}: compile even when the class cache has the module, and store nothing. */
    private boolean noCache;

    /** {@code --lazy}: compile each function when first called, whatever the module's size. */
    private boolean lazy;

    /** {@code --eager}: compile the whole module before running, whatever its size. */
    private boolean eager;

    /** The value of {@code --ipfs-api}, or null when not given. */
    private String ipfsApiFlag;

    private StoreSelection selection;

    /** The command word (run, car, ...) once execute has read it; null before. */
    private String commandName;

    volatile int status = EXIT_INTERNAL;

    /** Whether a failure to write standard output was already reported (by checkOutput). */
    volatile boolean outputFailed;

    /**
     * {@code run --timeout}: System.nanoTime() after which {@link Main#run} stops waiting for a
     * guest that the interrupt did not stop (blocked in a host call); 0 when there is none.
     */
    volatile long hardDeadline;

    /** The --timeout as written, for that message. */
    volatile String timeoutText;

    /**
     * Sets {@link #hardDeadline} as the guest starts (when the --timeout clock starts too: loading
     * and compiling do not count): a grace period after the timeout.
     */
    private void armHardDeadline(Options o) {
      if (o.timeoutMillis >= 0) {
        hardDeadline =
            System.nanoTime()
                + Math.multiplyExact(
                    Math.addExact(o.timeoutMillis, HARD_DEADLINE_GRACE), 1_000_000L);
      }
    }

    /** {@code run --tier adaptive}: code with entry checks, profiled and specialized. */
    private boolean adaptive;

    /** The compile variant: metered when run has --fuel or --timeout. */
    private CompileOptions compileOptions = CompileOptions.DEFAULT;

    Command(
        String[] args,
        InputStream in,
        PrintStream out,
        PrintStream err,
        Map<String, String> environment) {
      this.environment = environment;
      this.args = args;
      this.in = in;
      this.out = out;
      this.err = err;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("--")) {
          break;
        }
        verbose |= a.equals("--verbose");
        noCache |= a.equals("--no-cache");
        lazy |= a.equals("--lazy");
        eager |= a.equals("--eager");
        // Read here (Options checks its syntax) so that every command's store sees it.
        if (a.equals("--ipfs-api") && i + 1 < args.length) {
          ipfsApiFlag = args[i + 1];
        } else if (a.startsWith("--ipfs-api=")) {
          ipfsApiFlag = a.substring("--ipfs-api=".length());
        }
      }
    }

    @Override
    public void run() {
      try {
        status = execute();
      } catch (Failure f) {
        // Trouble with the IPFS daemon is reported the same way whichever command met it.
        String daemon = selection == null ? null : selection.daemonTrouble(f.getCause());
        String message = f.getMessage();
        if (commandName != null
            && !commandName.equals("help")
            && Help.of(commandName) != null
            && message.endsWith(Failure.USAGE_HINT)) {
          // A usage error of `ipvm run ...` points to `ipvm help run`, not the overview.
          message =
              message.substring(0, message.length() - Failure.USAGE_HINT.length())
                  + "run 'ipvm help "
                  + commandName
                  + "' for the usage";
        }
        err.println(daemon == null ? message : "error: " + daemon);
        if (verbose && f.getCause() != null) {
          f.getCause().printStackTrace(err);
        }
        status = daemon == null ? f.status : EXIT_USAGE;
      } catch (Throwable t) {
        String daemon = selection == null ? null : selection.daemonTrouble(t);
        if (daemon != null) {
          err.println("error: " + daemon);
          if (verbose) {
            t.printStackTrace(err);
          }
          status = EXIT_USAGE;
          return;
        }
        // A bug (or the JVM running out of memory): say so plainly, the trace only on request.
        err.println("ipvm: internal error: " + t);
        if (verbose) {
          t.printStackTrace(err);
        } else {
          err.println("(run again with --verbose for the Java stack trace)");
        }
        status = EXIT_INTERNAL;
      }
    }

    private int execute() throws Failure {
      int first = 0;
      // Options may come before the command: `ipvm --verbose run ...`.
      while (first < args.length && (args[first].equals("--verbose"))) {
        first++;
      }
      if (first == args.length) {
        err.print(HELP);
        return EXIT_USAGE;
      }
      String command = args[first];
      commandName = command;
      List<String> rest = List.of(args).subList(first + 1, args.length);
      if (!List.of("help", "--help", "-h", "version", "--version").contains(command)
          && !rest.contains("--help")
          && !(!rest.isEmpty() && rest.get(0).equals("-h"))) {
        checkHome();
      }
      switch (command) {
        case "run":
          return run(new Options(rest, true));
        case "inspect":
          return inspect(new Options(rest, false));
        case "add":
          return add(new Options(rest, false));
        case "cat":
          return cat(new Options(rest, false));
        case "car":
          {
            Options o = new Options(rest, false);
            if (o.help) {
              out.print(Help.CAR);
              return EXIT_OK;
            }
            return new CarCommand(o, selection(), in, out, err).run();
          }
        case "workflow", "receipt", "memo":
          return new WorkflowCommand(command, rest, this::selection, environment, in, out, err)
              .run();
        case "help", "--help", "-h":
          if (rest.isEmpty() || !command.equals("help")) {
            out.print(HELP);
            return EXIT_OK;
          }
          if (Help.of(rest.get(0)) == null
              || (rest.size() > 1
                  && !(rest.size() == 2 && Help.isSubcommand(rest.get(0), rest.get(1))))) {
            throw Failure.usage(
                "ipvm help: no command "
                    + String.join(" ", rest)
                    + "; commands: "
                    + String.join(", ", Help.commands()));
          }
          out.print(Help.of(rest.get(0)));
          return EXIT_OK;
        case "version", "--version":
          if (rest.contains("--help") || rest.contains("-h")) {
            out.print(Help.VERSION);
            return EXIT_OK;
          }
          out.println("ipvm " + version() + " (Java " + Runtime.version() + ")");
          return EXIT_OK;
        default:
          if (command.endsWith(".wasm")) {
            throw Failure.usage(
                "unknown command '" + command + "'; did you mean: ipvm run " + command + " ...?");
          }
          throw Failure.usage("unknown command '" + command + "'");
      }
    }

    /**
     * Fails plainly when $IPVM_HOME (or ~/.ipvm) exists but is not a directory: every command keeps
     * something there (blocks, memo table, compiled classes), and the store's own failure to create
     * a sub-directory would otherwise surface as an internal error.
     */
    private void checkHome() throws Failure {
      Path home = IpvmHome.dir(environment, System.getProperty("user.home"));
      if (Files.exists(home) && !Files.isDirectory(home)) {
        String name =
            environment.get(IpvmHome.ENV) != null && !environment.get(IpvmHome.ENV).isBlank()
                ? "IPVM_HOME=" + environment.get(IpvmHome.ENV)
                : home.toString();
        throw Failure.error(
            name
                + " is not a directory: ipvm keeps its block store, memo table and compiled"
                + " classes there. Point IPVM_HOME at a directory (it is created if missing)"
                + " or unset it to use ~/.ipvm");
      }
    }

    // ---- run -------------------------------------------------------------------------------

    private int run(Options o) throws Failure {
      try {
        return runModule(o);
      } finally {
        if (classCache != null) {
          // Lazy modules write the classes they compiled in packs; the last one now.
          classCache.flush();
        }
      }
    }

    private int runModule(Options o) throws Failure {
      if (o.help) {
        out.print(Help.RUN);
        return EXIT_OK;
      }
      if (o.positional.isEmpty()) {
        throw Failure.usage("ipvm run: missing FILE.wasm");
      }
      RunLimits runLimits = new RunLimits(o);
      if (runLimits.metered()) {
        compileOptions = CompileOptions.METERED;
      }
      adaptive = o.adaptive;
      timeoutText = o.timeout;
      String file = o.positional.get(0);
      List<String> texts = o.positional.subList(1, o.positional.size());
      WasmModule module = loadFileOrCid(file);
      if (Wasi.isImportedBy(module)) {
        return runWasi(o, file, module, texts, runLimits);
      }

      // Find the function and read the arguments before instantiating: a typo should not run
      // the module's start function.
      String name = o.invoke;
      if (name == null) {
        if (ModuleDescription.exportedFunction(module, "_start") == null) {
          throw Failure.error(
              "no --invoke NAME given and "
                  + file
                  + " exports no _start function; exported functions: "
                  + ModuleDescription.exportedFunctionNames(module));
        }
        name = "_start";
      }
      FunctionType type = ModuleDescription.exportedFunction(module, name);
      if (type == null) {
        String kind = null;
        for (WasmModule.ExportDescriptor e : module.exports()) {
          if (e.name().equals(name)) {
            kind = e.kind().toString().toLowerCase(java.util.Locale.ROOT);
          }
        }
        throw new Failure(
            EXIT_USAGE,
            "error: "
                + (kind == null
                    ? "no exported function " + ModuleDescription.display(name)
                    : "export "
                        + ModuleDescription.display(name)
                        + " is a "
                        + kind
                        + ", not a function")
                + "; exports: "
                + ModuleDescription.exportedFunctionNames(module),
            null);
      }
      Object[] arguments = arguments(name, type, texts);

      List<ModuleDescription.Extern> imports = ModuleDescription.imports(module);
      if (!imports.isEmpty()) {
        StringBuilder sb =
            new StringBuilder("error: cannot run ")
                .append(file)
                .append(": it needs imports, and ipvm run provides none. Missing:");
        for (ModuleDescription.Extern e : imports) {
          sb.append("\n  ").append(e.kind()).append(' ').append(e.displayName());
          sb.append(e.type().isEmpty() ? "" : ": " + e.type());
        }
        throw new Failure(EXIT_USAGE, sb.toString(), null);
      }

      Object[] results;
      Instance instance = null;
      armHardDeadline(o);
      try (runLimits) {
        instance = module.instantiate(new Imports(), runLimits.start());
        WasmFunction function = instance.function(name);
        results = function.call(arguments);
      } catch (WasmTrap trap) {
        Failure limit = runLimits.trapped(trap, instance);
        throw limit != null ? limit : new Failure(EXIT_TRAP, "trap: " + trap.getMessage(), trap);
      } catch (ModuleException.LimitExceeded e) {
        throw runLimits.refused(e);
      } catch (ModuleException.Unlinkable e) {
        throw new Failure(EXIT_USAGE, "error: cannot link " + file + ": " + e.getMessage(), e);
      } catch (ModuleException e) {
        throw new Failure(
            EXIT_USAGE, "error: cannot instantiate " + file + ": " + e.getMessage(), e);
      }

      note(runLimits.note(instance));
      noteVariants(module);
      printResults(o, type.results(), results);
      return EXIT_OK;
    }

    private void note(String note) {
      if (note != null) {
        err.println(note);
      }
    }

    /**
     * {@code --tier adaptive --verbose}: what the tier did — the variants the module's functions
     * got (function index and fixed arguments, parameter index = value) and how many were dropped
     * after their trial.
     */
    private void noteVariants(WasmModule module) {
      if (!adaptive || !verbose) {
        return;
      }
      StringBuilder list = new StringBuilder();
      int count = 0;
      for (int f = 0; f < module.compiled().functionTypes().size(); f++) {
        for (Map<Integer, Number> v : module.variants(f)) {
          list.append(count++ == 0 ? "" : ", ").append("function ").append(f).append(' ');
          list.append(new java.util.TreeMap<>(v));
        }
      }
      err.println(
          "ipvm: adaptive tier: "
              + count
              + (count == 1 ? " variant" : " variants")
              + (count == 0 ? "" : " (" + list + ")")
              + ", "
              + module.droppedVariants()
              + " dropped after their trial");
    }

    /**
     * Runs a module that imports WASI: {@code _start} (or {@code --invoke NAME} with typed
     * arguments) with stdio connected, {@code --dir} preopens and {@code --env} variables.
     */
    private int runWasi(
        Options o, String file, WasmModule module, List<String> texts, RunLimits runLimits)
        throws Failure {
      List<ModuleDescription.Extern> others = new ArrayList<>();
      for (ModuleDescription.Extern e : ModuleDescription.imports(module)) {
        if (!e.displayName().startsWith(Wasi.MODULE + ".")) {
          others.add(e);
        }
      }
      if (!others.isEmpty()) {
        StringBuilder sb =
            new StringBuilder("error: cannot run ")
                .append(file)
                .append(": it needs imports, and ipvm run provides only ")
                .append(Wasi.MODULE)
                .append(". Missing:");
        for (ModuleDescription.Extern e : others) {
          sb.append("\n  ").append(e.kind()).append(' ').append(e.displayName());
          sb.append(e.type().isEmpty() ? "" : ": " + e.type());
        }
        throw new Failure(EXIT_USAGE, sb.toString(), null);
      }
      String name = o.invoke == null ? "_start" : o.invoke;
      FunctionType type = ModuleDescription.exportedFunction(module, name);
      if (type == null) {
        throw Failure.error(
            (o.invoke == null
                    ? file + " imports WASI but exports no _start function"
                    : "no exported function " + ModuleDescription.display(name))
                + "; exported functions: "
                + ModuleDescription.exportedFunctionNames(module));
      }
      Object[] arguments;
      List<String> argv = new ArrayList<>();
      argv.add(file);
      if (o.invoke == null) {
        argv.addAll(texts);
        if (!type.params().isEmpty()) {
          throw Failure.error("_start of " + file + " takes parameters; use --invoke");
        }
        arguments = new Object[0];
      } else {
        arguments = arguments(name, type, texts);
      }
      // Through GuestOutput: a guest whose output cannot be written gets EIO, not silence.
      Wasi.Builder builder =
          Wasi.builder()
              .args(argv)
              .stdin(in)
              .stdout(new GuestOutput(out, "standard output"))
              .stderr(new GuestOutput(err, "standard error"));
      for (Map.Entry<String, String> e : o.env.entrySet()) {
        builder.env(e.getKey(), e.getValue());
      }
      for (String[] d : o.dirs) {
        builder.preopen(Path.of(d[0]), d[1]);
      }
      Wasi wasi;
      try {
        wasi = builder.build();
      } catch (IOException | InvalidPathException e) {
        throw Failure.error(
            "--dir: cannot open "
                + e.getMessage()
                + (e instanceof NoSuchFileException ? ": no such directory" : "")
                + (e instanceof java.nio.file.NotDirectoryException ? ": not a directory" : ""));
      }
      Object[] results;
      Instance instance = null;
      armHardDeadline(o);
      try (wasi;
          runLimits) {
        instance = module.instantiate(wasi.imports(), runLimits.start());
        if (!(instance.exports().get("memory") instanceof io.ipvm.runtime.Memory)) {
          throw Failure.error(file + " imports WASI but exports no memory named \"memory\"");
        }
        wasi.bind(instance);
        results = instance.function(name).call(arguments);
      } catch (WasiExit exit) {
        Failure limit = runLimits.exited(exit.code(), instance);
        if (limit != null) {
          throw limit;
        }
        note(runLimits.note(instance));
        noteVariants(module);
        checkOutput();
        return exit.code();
      } catch (WasmTrap trap) {
        Failure limit = runLimits.trapped(trap, instance);
        throw limit != null ? limit : new Failure(EXIT_TRAP, "trap: " + trap.getMessage(), trap);
      } catch (ModuleException.LimitExceeded e) {
        throw runLimits.refused(e);
      } catch (ModuleException.Unlinkable e) {
        throw new Failure(EXIT_USAGE, "error: cannot link " + file + ": " + e.getMessage(), e);
      } catch (ModuleException e) {
        throw new Failure(
            EXIT_USAGE, "error: cannot instantiate " + file + ": " + e.getMessage(), e);
      }
      note(runLimits.note(instance));
      noteVariants(module);
      printResults(o, type.results(), results);
      checkOutput();
      return EXIT_OK;
    }

    private void printResults(Options o, List<ValType> resultTypes, Object[] results) {
      if (o.json) {
        StringBuilder sb = new StringBuilder("{\"results\":[");
        for (int i = 0; i < results.length; i++) {
          sb.append(i == 0 ? "" : ",").append(WasmValues.json(resultTypes.get(i), results[i]));
        }
        sb.append("],").append(ModuleDescription.typesJson("types", resultTypes)).append('}');
        out.println(sb);
      } else {
        for (int i = 0; i < results.length; i++) {
          out.println(WasmValues.format(resultTypes.get(i), results[i]));
        }
      }
    }

    /** The arguments read from text by the parameter types; a usage failure if they do not fit. */
    private static Object[] arguments(String name, FunctionType type, List<String> texts)
        throws Failure {
      List<ValType> params = type.params();
      if (texts.size() != params.size()) {
        StringBuilder types = new StringBuilder();
        for (int i = 0; i < params.size(); i++) {
          types.append(i == 0 ? "" : ", ").append(params.get(i).wasmName());
        }
        throw Failure.error(
            ModuleDescription.display(name)
                + (params.isEmpty()
                    ? " takes no arguments"
                    : " takes "
                        + params.size()
                        + (params.size() == 1 ? " argument (" : " arguments (")
                        + types
                        + ")")
                + ", but "
                + texts.size()
                + (texts.size() == 1 ? " was" : " were")
                + " given");
      }
      Object[] values = new Object[params.size()];
      for (int i = 0; i < values.length; i++) {
        try {
          values[i] = WasmValues.parse(params.get(i), texts.get(i));
        } catch (WasmValues.BadValue e) {
          throw Failure.error(
              "argument "
                  + (i + 1)
                  + " of "
                  + ModuleDescription.display(name)
                  + " is an "
                  + params.get(i).wasmName()
                  + "; cannot read "
                  + Json.quote(texts.get(i))
                  + ": "
                  + e.getMessage());
        }
      }
      return values;
    }

    private ClassCache classCache;

    /** The compiled-class cache in $IPVM_HOME (local disk only: see ClassCache on trust). */
    private ClassCache classCache() {
      if (classCache == null) {
        classCache = ClassCache.inHome(IpvmHome.dir(environment, System.getProperty("user.home")));
      }
      return classCache;
    }

    // ---- add, cat ------------------------------------------------------------------------

    /** Which store the block commands use (embedded, or embedded over a daemon), once. */
    private StoreSelection selection() throws Failure {
      if (selection == null) {
        selection =
            StoreSelection.resolve(ipfsApiFlag, environment, System.getProperty("user.home"));
      }
      return selection;
    }

    /**
     * The store blocks are read from: the embedded one under $IPVM_HOME (default ~/.ipvm), in front
     * of the IPFS daemon when one is configured.
     */
    private BlockStore store() throws Failure {
      return selection().reading();
    }

    private int add(Options o) throws Failure {
      if (o.help) {
        out.print(Help.ADD);
        return EXIT_OK;
      }
      String file = onlyArgument(o, "add", "FILE");
      Cid cid;
      long size;
      try {
        Path path = Path.of(file);
        if (Files.isDirectory(path)) {
          throw Failure.error("cannot add " + file + ": is a directory");
        }
        size = Files.size(path);
        // With a daemon: stored here and there, and pinned there, so that its peers can fetch it.
        cid = UnixFsImporter.add(path, selection().writing());
        selection().pin(cid);
      } catch (NoSuchFileException e) {
        throw new Failure(EXIT_USAGE, "error: cannot read " + file + ": no such file", e);
      } catch (AccessDeniedException e) {
        throw new Failure(EXIT_USAGE, "error: cannot read " + file + ": permission denied", e);
      } catch (IOException | InvalidPathException e) {
        throw new Failure(EXIT_USAGE, "error: cannot read " + file + ": " + e.getMessage(), e);
      } catch (BlockStoreException e) {
        throw new Failure(EXIT_INTERNAL, "error: cannot store " + file + ": " + e.getMessage(), e);
      }
      if (o.json) {
        out.println("{\"cid\":" + Json.quote(cid.toString()) + ",\"size\":" + size + "}");
      } else {
        out.println(cid);
      }
      return EXIT_OK;
    }

    /** The command's single positional argument, or a usage failure naming what is missing. */
    private static String onlyArgument(Options o, String command, String what) throws Failure {
      if (o.positional.size() != 1) {
        throw Failure.usage(
            o.positional.isEmpty()
                ? "ipvm " + command + ": missing " + what
                : "ipvm "
                    + command
                    + " takes one "
                    + what
                    + ", got "
                    + o.positional.size()
                    + " arguments");
      }
      return o.positional.get(0);
    }

    private int cat(Options o) throws Failure {
      if (o.help) {
        out.print(Help.CAT);
        return EXIT_OK;
      }
      String text = onlyArgument(o, "cat", "CID");
      Cid cid = parseCid(text);
      if (cid == null) {
        throw Failure.error("not a CID: " + text);
      }
      byte[] first = readBlock(cid, text);
      try (InputStream data = UnixFsReader.cat(cid, store())) {
        // Chunk by chunk, checking each: a closed pipe stops the copy instead of the rest of a
        // big file being read from the store (or the daemon) for nothing.
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = data.read(buffer)) >= 0; ) {
          out.write(buffer, 0, n);
          checkOutput();
        }
      } catch (IOException | IpldException | BlockStoreException e) {
        out.flush();
        throw new Failure(EXIT_USAGE, "error: cannot read " + text + ": " + e.getMessage(), e);
      }
      checkOutput();
      return first == null ? EXIT_USAGE : EXIT_OK;
    }

    /** Fails with {@link #EXIT_OUTPUT} if standard output could not be written (flushes it). */
    void checkOutput() throws Failure {
      if (out.checkError()) {
        outputFailed = true;
        throw new Failure(EXIT_OUTPUT, "error: " + outputFailure(out), null);
      }
    }

    /** The root block, or a failure naming the CID when the store does not have it. */
    private byte[] readBlock(Cid cid, String text) throws Failure {
      try {
        StoreSelection where = selection();
        return store()
            .get(cid)
            .orElseThrow(() -> new Failure(EXIT_USAGE, "error: " + where.missing(text), null));
      } catch (BlockStoreException e) {
        throw new Failure(EXIT_USAGE, "error: cannot read " + text + ": " + e.getMessage(), e);
      }
    }

    /** {@code CID} or {@code ipfs://CID} parsed, or null if it is neither. */
    static Cid parseCid(String text) {
      String t = text.startsWith("ipfs://") ? text.substring("ipfs://".length()) : text;
      while (t.endsWith("/")) {
        t = t.substring(0, t.length() - 1);
      }
      if (t.isEmpty() || t.contains("/")) {
        return null;
      }
      try {
        return Cid.parse(t);
      } catch (IpldException | IllegalArgumentException e) {
        return null;
      }
    }

    /**
     * A module from a file or, when {@code arg} is not an existing file but parses as a CID or
     * {@code ipfs://CID}, from the embedded block store (a raw block or a UnixFS file; every block
     * is verified against its CID as it is read).
     */
    private WasmModule loadFileOrCid(String arg) throws Failure {
      Cid cid = null;
      try {
        if (!Files.exists(Path.of(arg))) {
          cid = parseCid(arg);
        }
      } catch (InvalidPathException e) {
        cid = parseCid(arg);
      }
      if (cid == null) {
        if (arg.startsWith("ipfs://")) {
          // Not a file name anyone means: "no such file" would send them looking for one.
          throw Failure.error(
              "not a CID: "
                  + arg
                  + " (ipfs:// must be followed by a CID such as bafkrei..., as printed by ipvm"
                  + " add)");
        }
        return load(arg);
      }
      readBlock(cid, arg);
      byte[] bytes;
      try {
        bytes = UnixFsReader.readAll(cid, store());
      } catch (IOException | IpldException | BlockStoreException e) {
        throw new Failure(EXIT_USAGE, "error: cannot read " + arg + ": " + e.getMessage(), e);
      }
      return compile(arg, bytes);
    }

    // ---- inspect ---------------------------------------------------------------------------

    private int inspect(Options o) throws Failure {
      if (o.help) {
        out.print(Help.INSPECT);
        return EXIT_OK;
      }
      String file = onlyArgument(o, "inspect", "FILE.wasm");
      WasmModule module = load(file);
      List<ModuleDescription.Extern> imports = ModuleDescription.imports(module);
      List<ModuleDescription.Extern> exports = ModuleDescription.exports(module);
      if (o.json) {
        StringBuilder sb = new StringBuilder("{\"imports\":[");
        for (int i = 0; i < imports.size(); i++) {
          sb.append(i == 0 ? "" : ",").append(imports.get(i).toJson());
        }
        sb.append("],\"exports\":[");
        for (int i = 0; i < exports.size(); i++) {
          sb.append(i == 0 ? "" : ",").append(exports.get(i).toJson());
        }
        out.println(sb.append("]}"));
        return EXIT_OK;
      }
      StringBuilder sb = new StringBuilder();
      section(sb, "imports", imports);
      section(sb, "exports", exports);
      out.print(sb);
      return EXIT_OK;
    }

    private static void section(
        StringBuilder sb, String title, List<ModuleDescription.Extern> entries) {
      sb.append(title).append(" (").append(entries.size()).append("):\n");
      if (entries.isEmpty()) {
        sb.append("  (none)\n");
      }
      int width = 0;
      for (ModuleDescription.Extern e : entries) {
        width = Math.max(width, e.displayName().length());
      }
      for (ModuleDescription.Extern e : entries) {
        String n = e.displayName();
        sb.append("  ").append(e.kind()).append(" ".repeat(7 - e.kind().length()));
        sb.append(n);
        if (!e.type().isEmpty()) {
          sb.append(" ".repeat(width - n.length() + 2)).append(e.type());
        }
        sb.append('\n');
      }
    }

    // ---- shared ----------------------------------------------------------------------------

    /** Reads and compiles a module file; usage failures for unreadable or bad modules. */
    private WasmModule load(String file) throws Failure {
      byte[] bytes;
      try {
        Path path = Path.of(file);
        if (Files.isDirectory(path)) {
          throw new Failure(EXIT_USAGE, "error: cannot read " + file + ": is a directory", null);
        }
        bytes = Files.readAllBytes(path);
      } catch (NoSuchFileException e) {
        throw new Failure(EXIT_USAGE, "error: cannot read " + file + ": no such file", e);
      } catch (AccessDeniedException e) {
        throw new Failure(EXIT_USAGE, "error: cannot read " + file + ": permission denied", e);
      } catch (IOException | InvalidPathException e) {
        throw new Failure(EXIT_USAGE, "error: cannot read " + file + ": " + e.getMessage(), e);
      }
      return compile(file, bytes);
    }

    /**
     * A module's classes: from the compiled-class cache under $IPVM_HOME when it has them
     * (--verbose says "cache hit"), else compiled and stored there; usage failures for bad modules.
     */
    private WasmModule compile(String file, byte[] bytes) throws Failure {
      String header = checkHeader(bytes);
      if (header != null) {
        throw new Failure(EXIT_USAGE, "error: invalid module " + file + ": " + header, null);
      }
      if (lazy && eager) {
        throw Failure.usage("ipvm run: --lazy and --eager exclude each other");
      }
      if (lazy && adaptive) {
        throw Failure.usage(
            "ipvm run: --tier adaptive needs the module compiled (not --lazy): lazy code is"
                + " linked once and cannot take variants");
      }
      long code = codeBytes(bytes);
      boolean lazyNow = lazy || (!eager && code >= LAZY_CODE_BYTES);
      if (lazyNow && adaptive && verbose) {
        err.println("ipvm: " + file + ": --tier adaptive ignored: the module is compiled lazily");
      }
      String why =
          lazy
              ? "--lazy"
              : "lazy: " + code / (1 << 20) + " MiB of code; --eager compiles it all first";
      try {
        if (lazyNow) {
          // Validated now (or found validated in the class cache); each function compiled when
          // first called, or loaded from the cache if an earlier run compiled it.
          long start = System.nanoTime();
          io.ipvm.runtime.Engine engine =
              io.ipvm.runtime.Engine.create(
                  io.ipvm.runtime.Engine.Config.defaults().withLazy(true));
          if (noCache) {
            WasmModule m = engine.compile(bytes, compileOptions);
            if (verbose) {
              err.println(
                  "ipvm: "
                      + file
                      + ": validated in "
                      + (System.nanoTime() - start) / 1_000_000
                      + " ms, functions compiled on first call ("
                      + why
                      + ")");
            }
            return m;
          }
          ClassCache.LazyLookup found = classCache().lazyModule(bytes, compileOptions, engine);
          if (verbose) {
            err.println(
                "ipvm: "
                    + file
                    + (found.validatedBefore()
                        ? ": validated before (class cache), declarations read in "
                        : ": validated in ")
                    + (System.nanoTime() - start) / 1_000_000
                    + " ms, functions compiled on first call ("
                    + why
                    + "); "
                    + found.functionsCached()
                    + " function classes in the cache");
            if (found.note() != null) {
              err.println("ipvm: " + found.note());
            }
          }
          return found.module();
        }
        CompileOptions options = adaptive ? compileOptions.withEntryChecks(true) : compileOptions;
        io.ipvm.runtime.Engine engine =
            adaptive
                ? io.ipvm.runtime.Engine.create(
                    io.ipvm.runtime.Engine.Config.defaults()
                        .withSpecialization(io.ipvm.profiler.SpecializationPolicy.adaptive()))
                : io.ipvm.runtime.Engine.shared();
        if (noCache) {
          return engine.compile(bytes, options);
        }
        long start = System.nanoTime();
        ClassCache.Lookup found = classCache().module(bytes, options, engine);
        if (verbose) {
          long ms = (System.nanoTime() - start) / 1_000_000;
          err.println(
              "ipvm: "
                  + file
                  + switch (found.source()) {
                    case CACHE ->
                        ": cache hit, classes loaded in " + ms + " ms (" + found.bundle() + ")";
                    case MEMORY -> ": cache hit (in memory)";
                    case COMPILED ->
                        ": compiled in "
                            + ms
                            + " ms"
                            + (found.bundle() == null ? "" : ", cached as " + found.bundle());
                  });
          if (found.note() != null) {
            err.println("ipvm: " + found.note());
          }
        }
        return found.module();
      } catch (ModuleException e) {
        throw new Failure(EXIT_USAGE, "error: invalid module " + file + ": " + describe(e), e);
      }
    }

    /**
     * Function-body bytes from which {@code ipvm run} compiles lazily unless {@code --eager}: above
     * this an eager compile takes tens of seconds and gigabytes (yosys.wasm, 27 MB of code: 72 s,
     * 2.2 GB, against 10 s and 0.5 GB lazily; jmh-benchmarks/RESULTS.md, "Lazy loading, first
     * runs"); below it (lua, qjs, sqlite: 0.5 to 1 MB) lazy compilation did not win broadly, and
     * its constant invokedynamic calls have a steady-state cost not measured yet.
     */
    static final long LAZY_CODE_BYTES = 4L << 20;

    /** The function bodies' bytes (0 when the sections cannot be read; the compiler says why). */
    private static long codeBytes(byte[] bytes) {
      io.ipvm.compiler.BinaryLayout layout = io.ipvm.compiler.BinaryLayout.scan(bytes);
      long sum = 0;
      if (layout != null) {
        for (io.ipvm.compiler.BinaryLayout.Body b : layout.bodies()) {
          sum += b.length();
        }
      }
      return sum;
    }

    /**
     * The first 8 bytes: magic and version. Checked here because a wrong file is the commonest
     * mistake and the message should say so plainly; the rest is the compiler's job.
     */
    private static String checkHeader(byte[] b) {
      boolean magic = b.length >= 4 && b[0] == 0 && b[1] == 'a' && b[2] == 's' && b[3] == 'm';
      if (!magic) {
        if (b.length < 4 && isPrefixOfMagic(b)) {
          return "unexpected end of file at byte offset 0x"
              + Integer.toHexString(b.length)
              + " (a WebAssembly binary starts with \\0asm and a version)";
        }
        String hint =
            looksLikeText(b) ? "; it looks like WebAssembly text: compile it with wat2wasm" : "";
        return "not a WebAssembly binary: magic header not detected at byte offset 0x0 (expected"
            + " 00 61 73 6d)"
            + hint;
      }
      if (b.length < 8) {
        return "unexpected end of file at byte offset 0x"
            + Integer.toHexString(b.length)
            + " (the version field is 4 bytes)";
      }
      if (b[4] != 1 || b[5] != 0 || b[6] != 0 || b[7] != 0) {
        long version =
            (b[4] & 0xffL) | (b[5] & 0xffL) << 8 | (b[6] & 0xffL) << 16 | (b[7] & 0xffL) << 24;
        return "unknown binary version "
            + version
            + " at byte offset 0x4 (WebAssembly 1.0 and 2.0 binaries are version 1)";
      }
      return null;
    }

    private static boolean isPrefixOfMagic(byte[] b) {
      byte[] magic = {0, 'a', 's', 'm'};
      for (int i = 0; i < b.length; i++) {
        if (b[i] != magic[i]) {
          return false;
        }
      }
      return true;
    }

    private static boolean looksLikeText(byte[] b) {
      String start =
          new String(b, 0, Math.min(b.length, 256), StandardCharsets.UTF_8).stripLeading();
      return start.startsWith("(module") || start.startsWith(";;") || start.startsWith("(;");
    }

    /** The exception's message, with its location appended if the message lacks it. */
    private static String describe(ModuleException e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      if (e.byteOffset() >= 0 && !message.contains("byte offset")) {
        message += " at byte offset 0x" + Long.toHexString(e.byteOffset());
      }
      if (e.functionIndex() >= 0 && !message.contains("function " + e.functionIndex())) {
        message += " (function " + e.functionIndex() + ")";
      }
      return message;
    }

    private static String version() {
      try (InputStream in = Main.class.getResourceAsStream("version.txt")) {
        if (in != null) {
          String v = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
          if (!v.isEmpty() && !v.startsWith("${")) {
            return v;
          }
        }
      } catch (IOException e) {
        // fall through
      }
      return "(unknown version)";
    }
  }

  /** The options and positional arguments of {@code run} or {@code inspect}. */
  static final class Options {
    final List<String> positional = new ArrayList<>();
    String invoke;
    final List<String[]> dirs = new ArrayList<>();
    final Map<String, String> env = new LinkedHashMap<>();
    boolean json;
    boolean help;

    /** {@code --tier adaptive}: functions get variants specialized on fixed arguments. */
    boolean adaptive;

    /** {@code --fuel N}: Wasm instructions the run may execute, or -1 for no limit. */
    long fuel = -1;

    /**
     * {@code --timeout DURATION} in milliseconds, or -1 for none; as written in {@link #timeout}.
     */
    long timeoutMillis = -1;

    String timeout;

    /** {@code --max-memory BYTES}, or -1 for none; as written in {@link #maxMemory}. */
    long maxMemoryBytes = -1;

    String maxMemory;

    /** Whether any of --fuel, --timeout, --max-memory was given. */
    boolean limited() {
      return fuel >= 0 || timeoutMillis >= 0 || maxMemoryBytes >= 0;
    }

    /**
     * Words starting with {@code --} are options, anywhere; {@code -h} is {@code --help} (for run
     * only before FILE); the rest (including {@code -5} and {@code -inf}) are FILE and ARGS. After
     * {@code --}, everything is FILE or ARGS.
     */
    Options(List<String> args, boolean allowInvoke) throws Failure {
      boolean optionsEnded = false;
      for (int i = 0; i < args.size(); i++) {
        String a = args.get(i);
        if (!optionsEnded && a.equals("-h") && (positional.isEmpty() || !allowInvoke)) {
          // -h is help, as for `ipvm -h`; but after run's FILE, "-h" is an argument like any other
          help = true;
        } else if (optionsEnded || !a.startsWith("--")) {
          positional.add(a);
        } else if (a.equals("--")) {
          optionsEnded = true;
        } else if (allowInvoke && (a.equals("--invoke") || a.startsWith("--invoke="))) {
          if (invoke != null) {
            throw Failure.usage("--invoke given twice");
          }
          if (a.equals("--invoke")) {
            if (i + 1 == args.size()) {
              throw Failure.usage("--invoke needs the name of an exported function");
            }
            invoke = args.get(++i);
          } else {
            invoke = a.substring("--invoke=".length());
          }
        } else if (allowInvoke && (a.equals("--dir") || a.startsWith("--dir="))) {
          String v = value(args, i, "--dir", "a directory: --dir HOST[::GUEST]");
          if (a.equals("--dir")) {
            i++;
          }
          int sep = v.indexOf("::");
          String host = sep < 0 ? v : v.substring(0, sep);
          String guest = sep < 0 ? v : v.substring(sep + 2);
          if (host.isEmpty() || guest.isEmpty()) {
            throw Failure.usage("--dir " + v + ": expected HOST or HOST::GUEST");
          }
          dirs.add(new String[] {host, guest});
        } else if (allowInvoke && (a.equals("--env") || a.startsWith("--env="))) {
          String v = value(args, i, "--env", "a variable: --env KEY=VALUE");
          if (a.equals("--env")) {
            i++;
          }
          int eq = v.indexOf('=');
          if (eq <= 0 || v.indexOf(0) >= 0) {
            throw Failure.usage("--env " + v + ": expected KEY=VALUE");
          }
          env.put(v.substring(0, eq), v.substring(eq + 1));
        } else if (allowInvoke && (a.equals("--tier") || a.startsWith("--tier="))) {
          String v = value(args, i, "--tier", "aot or adaptive: --tier adaptive");
          i += a.equals("--tier") ? 1 : 0;
          if (!v.equals("aot") && !v.equals("adaptive")) {
            throw Failure.usage("--tier: expected aot or adaptive, got " + v);
          }
          adaptive = v.equals("adaptive");
        } else if (allowInvoke && (a.equals("--fuel") || a.startsWith("--fuel="))) {
          String v = value(args, i, "--fuel", "a number of Wasm instructions: --fuel 1000000");
          i += a.equals("--fuel") ? 1 : 0;
          try {
            fuel = Quantities.count(v, "a number of Wasm instructions such as 1000000");
          } catch (Quantities.BadQuantity e) {
            throw Failure.usage("--fuel: " + e.getMessage());
          }
        } else if (allowInvoke && (a.equals("--timeout") || a.startsWith("--timeout="))) {
          timeout = value(args, i, "--timeout", "a duration: --timeout 10s (or 500ms, 2m, 1h)");
          i += a.equals("--timeout") ? 1 : 0;
          try {
            timeoutMillis = Quantities.millis(timeout);
          } catch (Quantities.BadQuantity e) {
            throw Failure.usage("--timeout: " + e.getMessage());
          }
        } else if (allowInvoke && (a.equals("--max-memory") || a.startsWith("--max-memory="))) {
          maxMemory = value(args, i, "--max-memory", "a size: --max-memory 64MiB (or 65536, 1GiB)");
          i += a.equals("--max-memory") ? 1 : 0;
          try {
            maxMemoryBytes = Quantities.bytes(maxMemory);
          } catch (Quantities.BadQuantity e) {
            throw Failure.usage("--max-memory: " + e.getMessage());
          }
        } else if (a.equals("--ipfs-api") || a.startsWith("--ipfs-api=")) {
          // the value is read by Command (for the store of add, cat, car and run CID)
          value(args, i, "--ipfs-api", "the daemon's RPC API address: --ipfs-api http://HOST:PORT");
          if (a.equals("--ipfs-api")) {
            i++;
          }
        } else if (a.equals("--json")) {
          json = true;
        } else if (a.equals("--verbose")
            || a.equals("--no-cache")
            || a.equals("--lazy")
            || a.equals("--eager")) {
          // read by Command
        } else if (a.equals("--help")) {
          help = true;
        } else {
          throw Failure.usage("unknown option " + a);
        }
      }
    }

    /** The value of option {@code name} at {@code i}: {@code --name=V} or {@code --name V}. */
    private static String value(List<String> args, int i, String name, String what) throws Failure {
      String a = args.get(i);
      if (a.startsWith(name + "=")) {
        return a.substring(name.length() + 1);
      }
      if (i + 1 == args.size()) {
        throw Failure.usage(name + " needs " + what);
      }
      return args.get(i + 1);
    }
  }
}
