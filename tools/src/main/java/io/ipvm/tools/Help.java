package io.ipvm.tools;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The help of each subcommand ({@code ipvm run --help}, {@code ipvm help workflow}): its usage,
 * options, the formats of its arguments and its exit statuses. {@link Main#HELP} is the overview.
 */
final class Help {
  private Help() {}

  static final String RUN =
      """
      ipvm run - call a function of a WebAssembly module

      Usage:
        ipvm run [OPTIONS] FILE.wasm [--invoke NAME] [ARGS...]
        ipvm run [OPTIONS] CID|ipfs://CID [--invoke NAME] [ARGS...]
        ipvm run [OPTIONS] FILE.wasm [--dir HOST[::GUEST]]... [--env K=V]... [--] [ARGS...]

      A module without imports: the exported function NAME (default _start) is called
      with ARGS, one per parameter, and its results are printed one per line.
      A module importing wasi_snapshot_preview1 runs as a program: _start with
      argv = FILE.wasm ARGS..., ipvm's stdin/stdout/stderr, the --env variables and
      the --dir directories; the exit status is the code it exits with.
      A CID (or ipfs://CID) that is not an existing file names a module in the block
      store ($IPVM_HOME/blocks, or the IPFS daemon): see ipvm help add.

      Options:
        --invoke NAME        the exported function to call
        --json               print {"results":[...],"types":[...]}
        --dir HOST[::GUEST]  WASI: preopen directory HOST as GUEST (default HOST); repeatable
        --env K=V            WASI: an environment variable for the guest; repeatable
        --fuel N             stop after N Wasm instructions (exit 4)
        --timeout DURATION   stop after DURATION: 500ms, 10s, 2m, 1h; a bare number is
                             seconds (exit 5)
        --max-memory BYTES   linear memory allowed: 65536, 64KiB, 64MiB, 1GiB (or KB, MB,
                             GB: powers of 1000); whole 64 KiB pages count. A bigger
                             initial memory fails at once; memory.grow beyond it returns -1,
                             and a run that then traps or exits non-zero ends with exit 6
        --no-cache           compile even if $IPVM_HOME/classes has the module's classes
        --lazy               validate the whole module, but compile each function only when
                             it is first called; for big modules that call few of their
                             functions. The class cache keeps the validation and each
                             compiled function (not with --no-cache). The default for
                             modules with 4 MiB of code or more
        --eager              compile the whole module before running it, whatever its size
        --tier aot|adaptive  aot (the default): the module's code as compiled. adaptive:
                             each function checks a flag on entry, and one whose first 1,000
                             calls passed some argument unchanged gets a variant compiled with
                             that value as a constant, entered when a call passes it (see
                             profiler/README.md). Compiled modules only (not --lazy); the class
                             cache keeps the general code and the variants. Opt-in until the
                             benchmarks show it never slower
        --ipfs-api URL       the IPFS daemon to fetch a CID from (see ipvm help add)
        --verbose            Java stack traces on errors; say whether the class cache answered;
                             with --tier adaptive, list the variants made (function, fixed
                             arguments) and how many were dropped
        --                   everything after it is FILE or ARGS, even if it starts with --

      Arguments are read by the function's parameter types:
        i32, i64   decimal, signed or unsigned (-1 and 4294967295 are the same i32),
                   or hex: 0x2a, -0x80000000
        f32, f64   decimal (1.5, -2e-3), hex float (0x1.8p3), inf, -inf, nan, -nan,
                   nan:0xPAYLOAD
        funcref, externref   only null
      Results: i32/i64 in signed decimal; f32/f64 as the shortest decimal that reads back
      as the same value (1.5, 1.0E10, -0.0), or inf, -inf, nan, -nan, nan:0x...

      --timeout counts from the guest's start (loading and compiling do not count) and stops
      it at its next loop head or function call; a guest blocked in a WASI call (reading
      stdin) is given up on a second later. --fuel and --timeout run the fuel-metered compilation
      of the module (cached separately).

      Exit status:
        0  the call returned (WASI: _start returned, or exit(0))
        1  trap ("trap: ..." on stderr)
        2  bad command line, unreadable file, malformed/invalid/unlinkable module
        3  internal error
        4  fuel exhausted ("error: fuel exhausted: ...")
        5  time limit exceeded ("error: time limit exceeded: ...")
        6  memory limit exceeded ("error: memory limit exceeded: ...")
        7  standard output could not be written ("error: cannot write to standard output")
        N  a WASI program's exit(N). A program may exit with 1-7 itself: the "error:" or
           "trap:" line on stderr is what tells ipvm's own statuses apart.

      Examples:
        ipvm run examples/fib.wasm --invoke fib 20
        ipvm run --fuel 1000000 --timeout 2s examples/fib.wasm --invoke fib 30
        echo "1 2 3" | ipvm run examples/sum.wasm
        ipvm run examples/prog.wasm --dir examples::/data --env LANG=C -- -v /data/input.txt
      """;

  static final String INSPECT =
      """
      ipvm inspect - list a module's imports and exports

      Usage:
        ipvm inspect [--json] FILE.wasm

      Functions are shown as (i32, i32) -> (i32), globals as i64 or mut i64, memories in
      64 KiB pages, tables with their element type. --json prints
      {"imports":[...],"exports":[...]}. Nothing is run.

      Exit status: 0 ok, 2 unreadable file or malformed/invalid module, 7 output not written.
      """;

  static final String ADD =
      """
      ipvm add - store a file in the block store and print its CID

      Usage:
        ipvm add [--json] [--ipfs-api URL] FILE

      FILE is stored as UnixFS in $IPVM_HOME/blocks (default ~/.ipvm/blocks): 256 KiB raw
      leaves under a balanced dag-pb tree, a file up to 256 KiB as one raw block; the CID
      is the one `ipfs add --cid-version=1 --raw-leaves` gives. --json prints
      {"cid":"bafy...","size":N}. With an IPFS daemon, the blocks are also put there and
      pinned, so its peers can fetch them.

      IPFS daemon (add, cat, car, run CID, workflow run): --ipfs-api URL, else
      $IPVM_IPFS_API, else "ipfs_api" in $IPVM_HOME/config.json, else none. URL is
      http://HOST:PORT or /ip4/HOST/tcp/PORT; an empty URL means no daemon. config.json:
        {"ipfs_api": "http://127.0.0.1:5001", "ipfs_timeout": 30}
      where ipfs_timeout is the seconds a missing block is waited for.

      Exit status: 0 ok, 2 unreadable file or daemon trouble, 3 the store failed,
      7 output not written.
      """;

  static final String CAT =
      """
      ipvm cat - write a file from the block store to standard output

      Usage:
        ipvm cat [--ipfs-api URL] CID

      CID (or ipfs://CID) is a raw block or a UnixFS file, as ipvm add prints; every block
      is checked against its CID. Blocks missing here are fetched from the IPFS daemon,
      if one is set (see ipvm help add).

      Exit status: 0 ok, 2 not a CID, not in the store, corrupt or daemon trouble,
      7 standard output could not be written (full disk, closed pipe).
      """;

  static final String CAR =
      """
      ipvm car - CARv1 files: every block of a DAG in one file

      Usage:
        ipvm car export [--json] [--ipfs-api URL] CID FILE
        ipvm car import [--json] [--ipfs-api URL] FILE

      export writes every block reachable from CID, in the order and bytes of
      `ipfs dag export`, to FILE (- = standard output; a regular file is written under a
      temporary name and renamed when complete). import verifies and stores every block
      of FILE (- = standard input) and prints its roots. --json: one JSON document.

      Example:
        cid=$(ipvm add examples/workflow.wasm)
        ipvm car export $cid module.car && IPVM_HOME=/tmp/other ipvm car import module.car

      Exit status: 0 ok, 2 bad CID/file/CAR or daemon trouble, 7 output not written.
      """;

  static final String WORKFLOW =
      """
      ipvm workflow - run IPVM workflows (Homestar's format)

      Usage:
        ipvm workflow inspect [--json] FILE.json|FILE.cbor
        ipvm workflow run [--json] [--concurrency N] [--no-specialize] [--ipfs-api URL]
                          FILE.json|FILE.cbor

      inspect prints, without running anything, the workflow CID and per task its function,
      instruction, task and invocation CIDs and what it awaits. run runs the tasks (a batch
      at a time, N concurrently, default one per CPU), prints a line per task as it
      completes and a summary, stores a receipt per task in the block store and records it
      in the memo table $IPVM_HOME/memo: an instruction already there is replayed, not run.
      A function that 4 or more tasks call with some number arguments the same in all of
      them gets a variant compiled with those values as constants before its first task
      runs; such tasks' lines say "specialized" (--json: "variant"). --no-specialize: not.

      File format: DAG-JSON or DAG-CBOR, bare or as {"name": ..., "workflow": ...}:
        {"tasks": [{"run": {"op": "wasm/run", "rsc": "ipfs://CID",
                            "input": {"func": "NAME", "args": [ARG, ...]}, "nnc": ""},
                    "meta": {"fuel": N, "memory": BYTES, "time": MS}, "prf": [], "cause": null}]}
        rsc    the module: ipfs://CID (see ipvm help add)
        func   an exported function; args are JSON values matched to its parameters:
               numbers for i32/i64/f32/f64, strings and {"/": {"bytes": "BASE64"}} for
               functions taking (pointer, length) in memory (the project's canonical ABI)
        args may hold results of other tasks:
               {"await/ok": {"/": "INSTRUCTION_CID"}}     the result of a task that succeeded
               {"await/error": {"/": "INSTRUCTION_CID"}}  the error of a task that failed
               {"await/*": {"/": "INSTRUCTION_CID"}}      either, as ["ok", v] / ["error", e]
               INSTRUCTION_CID is the awaited task's instruction CID (workflow inspect shows
               it); a task awaiting one outside this workflow takes it from the memo table.
        nnc    the nonce: "" (none), or a base32hex string (0-9a-v, no padding) of 12 or 16
               bytes, or {"/": {"bytes": ...}} of 12 or 16 bytes. The instruction CID (the
               memo key) covers rsc, op, input and nnc: two tasks with the same call are one
               instruction, rejected as a duplicate; give one a different nnc to run it twice.
        meta   per-task limits: fuel (instructions), memory (bytes), time (milliseconds);
               null or missing: unlimited fuel, 4 GiB, 100,000 ms.

      Exit status: 0 every task ok, 1 some task has an error receipt, 2 the file cannot be
      read or is not a valid workflow (nothing ran), 3 a receipt could not be recorded or
      an internal error, 7 output not written.
      """;

  static final String RECEIPT =
      """
      ipvm receipt - show a receipt from the block store

      Usage:
        ipvm receipt [--json] CID

      CID is a receipt CID, as ipvm workflow run and ipvm memo ls print. Shows ran (the
      invocation), out (ok VALUE or error ...), meta, iss and prf; --json prints
      {"cid": ..., "receipt": {...DAG-JSON...}}.

      Exit status: 0 ok, 2 not a CID / not in the store / not a receipt, 7 output not written.
      """;

  static final String MEMO =
      """
      ipvm memo - the memo table: which instruction has which receipt

      Usage:
        ipvm memo ls [--json]

      Lists $IPVM_HOME/memo: instruction CID -> receipt CID, when it was recorded, the
      function and its result. --json: {"entries": [{"instruction_cid", "receipt_cid",
      "recorded_at", "op", "ok"}]}.

      Exit status: 0 ok, 2 unreadable table, 7 output not written.
      """;

  static final String VERSION =
      """
      ipvm version - print ipvm's version and the Java version it runs on

      Usage:
        ipvm version
      """;

  static final String HELP =
      """
      ipvm help - print help

      Usage:
        ipvm help             the overview of every command
        ipvm help COMMAND     the help of COMMAND (also: ipvm COMMAND --help)
      """;

  private static final Map<String, String> BY_COMMAND = new LinkedHashMap<>();

  static {
    BY_COMMAND.put("run", RUN);
    BY_COMMAND.put("inspect", INSPECT);
    BY_COMMAND.put("add", ADD);
    BY_COMMAND.put("cat", CAT);
    BY_COMMAND.put("car", CAR);
    BY_COMMAND.put("workflow", WORKFLOW);
    BY_COMMAND.put("receipt", RECEIPT);
    BY_COMMAND.put("memo", MEMO);
    BY_COMMAND.put("version", VERSION);
    BY_COMMAND.put("help", HELP);
  }

  /** The help of {@code command}, or null if there is no such command. */
  static String of(String command) {
    return BY_COMMAND.get(command);
  }

  /**
   * Whether {@code word} is a subcommand of {@code command} ({@code car export}, {@code workflow
   * run}, {@code memo ls}), whose help is the command's: {@code ipvm help workflow run} then
   * answers like {@code ipvm workflow run --help}.
   */
  static boolean isSubcommand(String command, String word) {
    return switch (command) {
      case "car" -> word.equals("export") || word.equals("import");
      case "workflow" -> word.equals("run") || word.equals("inspect");
      case "memo" -> word.equals("ls");
      default -> false;
    };
  }

  /** The commands that have a help, in the overview's order. */
  static Iterable<String> commands() {
    return BY_COMMAND.keySet();
  }
}
