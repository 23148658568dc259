package io.ipvm.node.workflow;

import io.ipvm.ipld.Cid;
import io.ipvm.memo.model.InstructionResult;
import io.ipvm.memo.model.Receipt;
import io.ipvm.runtime.cache.CompilerFingerprint;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Why a task failed: the value of its error receipt, {@code out: ["error", {"kind": …, "reason": …,
 * …}]}. {@code reason} is a sentence for a person; {@code kind} a stable word for programs; the
 * other keys are details (trap kind, limits, the failed dependency's instruction CID, …).
 *
 * <p>Whether the error is memoized (and so replayed instead of re-run) depends on whether it is a
 * pure result, which its kind tells; see {@link Replay} and node/README.md.
 *
 * @param kind one of the {@code KIND_*} constants
 * @param reason what went wrong, for a person
 * @param details further IPLD values, written after kind and reason
 */
public record TaskError(String kind, String reason, Map<String, Object> details) {
  /** The guest trapped (not for a limit): integer divide by zero, unreachable, … */
  public static final String KIND_TRAP = "trap";

  /** Metered code used up the task's fuel. */
  public static final String KIND_FUEL = "fuel_exhausted";

  /** The guest needed more linear memory than the task's memory limit. */
  public static final String KIND_MEMORY = "memory_limit";

  /** The task ran longer than its time limit. */
  public static final String KIND_TIME = "time_limit";

  /** The guest recursed deeper than the node's call stack. */
  public static final String KIND_STACK = "call_stack_exhausted";

  /** The module exports no function answering to {@code func}. */
  public static final String KIND_NO_FUNCTION = "no_such_function";

  /** The arguments do not fit the function (count, kind, range) or the input is malformed. */
  public static final String KIND_BAD_ARGUMENTS = "bad_arguments";

  /** The guest broke the canonical ABI or returned what IPLD cannot hold. */
  public static final String KIND_ABI = "abi_violation";

  /** The module's bytes are not a valid WebAssembly module. */
  public static final String KIND_INVALID_MODULE = "invalid_module";

  /**
   * The compiler failed on the module in a way it does not foresee (it threw something other than a
   * malformed/invalid verdict, or produced classes the JVM rejects): a bug of this build, not
   * necessarily a bad module.
   */
  public static final String KIND_COMPILE_FAILED = "compile_failed";

  /**
   * The detail naming the compiler build that judged a module invalid ({@link
   * io.ipvm.runtime.cache.CompilerFingerprint}); see {@link Replay#SAME_COMPILER}.
   */
  public static final String COMPILER = "compiler";

  /** The module needs imports this node does not provide. */
  public static final String KIND_UNLINKABLE = "unlinkable_module";

  /** The module (rsc) or an argument's content is not in the block store. */
  public static final String KIND_NOT_FOUND = "not_found";

  /** An awaited instruction has no receipt (not in the workflow, not in the memo table). */
  public static final String KIND_UNRESOLVED = "unresolved_await";

  /** An awaited task failed ({@code await/ok}) or succeeded ({@code await/error}). */
  public static final String KIND_DEPENDENCY = "dependency_failed";

  /** The task cannot be run by this node: another op, a bad rsc or meta. */
  public static final String KIND_UNSUPPORTED = "unsupported";

  /** Anything else (a bug, the JVM out of memory). */
  public static final String KIND_INTERNAL = "internal";

  /** When a stored error receipt may stand for a new run of the same instruction. */
  public enum Replay {
    /**
     * A pure result of the instruction alone (a trap, a missing function, bad arguments): memoized
     * and replayed for every task with the instruction.
     */
    ALWAYS,
    /**
     * The compiler's verdict that the module is malformed or invalid: memoized, but replayed only
     * while the same compiler build runs (the error's {@link #COMPILER} detail), since a validator
     * bug fixed later must not be replayed forever; another build judges the module again and its
     * receipt replaces the entry.
     */
    SAME_COMPILER,
    /**
     * A pure result of the instruction and the task's limits (fuel exhausted, memory limit):
     * memoized, but replayed only for a task with the same invocation CID — the same meta, so the
     * same limits; a task with other limits runs again (and its receipt replaces the entry).
     */
    SAME_LIMITS,
    /**
     * Not a pure result (a time limit, the node's stack depth, a missing block, an unresolved or
     * failed dependency, a compiler failure): the receipt is stored but not memoized, so the next
     * run tries again.
     */
    NEVER
  }

  /** Copies details. */
  public TaskError {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reason, "reason");
    details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  /** An error without details. */
  public static TaskError of(String kind, String reason) {
    return new TaskError(kind, reason, Map.of());
  }

  /** Whether and when this error's receipt may be replayed from the memo table. */
  public Replay replay() {
    return replayOf(kind);
  }

  /** This error with one more detail. */
  public TaskError with(String key, Object value) {
    Map<String, Object> d = new LinkedHashMap<>(details);
    d.put(key, value);
    return new TaskError(kind, reason, d);
  }

  /** The error receipt's value: {@code {"kind", "reason", …details}}. */
  public Map<String, Object> toIpld() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", kind);
    m.put("reason", reason);
    m.putAll(details);
    return m;
  }

  /** The result tuple {@code ["error", toIpld()]}. */
  public InstructionResult result() {
    return InstructionResult.error(toIpld());
  }

  /** The reason of an error result written by this node, or a short rendering of any other. */
  public static String reasonOf(InstructionResult result) {
    if (result.value() instanceof Map<?, ?> m && m.get("reason") instanceof String s) {
      return s;
    }
    return String.valueOf(result.value());
  }

  /**
   * How a stored receipt may be replayed for a task with invocation CID {@code invocation}: ok
   * receipts always (the memo key ignores meta, as in the reference node), error receipts by their
   * kind (see {@link Replay}); errors of kinds this node does not memoize never.
   */
  public static boolean replayable(Receipt receipt, Cid invocation) {
    if (receipt.out().isSuccess()) {
      return true;
    }
    String kind =
        receipt.out().value() instanceof Map<?, ?> m && m.get("kind") instanceof String s ? s : "";
    return switch (replayOf(kind)) {
      case ALWAYS -> true;
      case SAME_LIMITS -> receipt.ran().equals(invocation);
      case SAME_COMPILER ->
          receipt.out().value() instanceof Map<?, ?> m
              && m.get(COMPILER) instanceof String build
              && build.equals(compilerBuild());
      case NEVER -> false;
    };
  }

  /** The replay policy of an error kind. */
  public static Replay replayOf(String kind) {
    return switch (kind) {
      case KIND_TRAP, KIND_NO_FUNCTION, KIND_BAD_ARGUMENTS, KIND_ABI -> Replay.ALWAYS;
      case KIND_INVALID_MODULE -> Replay.SAME_COMPILER;
      case KIND_FUEL, KIND_MEMORY -> Replay.SAME_LIMITS;
      default -> Replay.NEVER;
    };
  }

  /**
   * The build of the compiler and runtime in this process ({@link CompilerFingerprint#current()}),
   * or null when its code cannot be read (then invalid-module receipts are never replayed).
   */
  public static String compilerBuild() {
    try {
      return CompilerFingerprint.current();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
