package io.ipvm.memo.model;

import io.ipvm.ipld.Cid;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A promise in an instruction's arguments: {@code {"await/ok": {"/": instructionCid}}}, {@code
 * {"await/error": …}} or {@code {"await/*": …}}. The CID names the awaited <em>instruction</em>
 * (not its task or invocation).
 *
 * <p>Parsing follows the reference node exactly ({@link #parse}): <em>any</em> single-key map whose
 * value is a link is an await, and a key other than the three known ones means {@code await/*}. So
 * {@code {"image": {"/": cid}}} inside the arguments is an {@code await/*} on {@code cid}, and its
 * {@link #key()} ({@code "image"}) is kept when it is substituted.
 *
 * <p>Which results satisfy an await ({@link #accepts}) follows the IPVM/UCAN promise semantics,
 * which the reference node parses but does not enforce: {@code await/ok} needs a success, {@code
 * await/error} a failure, {@code await/*} either.
 *
 * @param kind the branch awaited
 * @param instruction the awaited instruction's CID
 * @param key the map key as written ({@code "await/ok"}, …, or an unknown key read as {@code
 *     await/*})
 */
public record Await(Kind kind, Cid instruction, String key) {
  /** The awaited branch. */
  public enum Kind {
    /** {@code await/ok}: the value of a successful result. */
    OK("await/ok"),
    /** {@code await/error}: the value of a failed result. */
    ERROR("await/error"),
    /** {@code await/*}: the result either way. */
    ANY("await/*");

    private final String key;

    Kind(String key) {
      this.key = key;
    }

    /** The map key: {@code await/ok}, {@code await/error} or {@code await/*}. */
    public String key() {
      return key;
    }

    /** The kind a map key means: unknown keys mean {@link #ANY}, as in the reference node. */
    public static Kind ofKey(String key) {
      return switch (key) {
        case "await/ok" -> OK;
        case "await/error" -> ERROR;
        default -> ANY;
      };
    }
  }

  /** Requires non-null fields. */
  public Await {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(instruction, "instruction");
    Objects.requireNonNull(key, "key");
  }

  /** An await written with its kind's own key. */
  public static Await of(Kind kind, Cid instruction) {
    return new Await(kind, instruction, kind.key());
  }

  /** {@code {"await/ok": {"/": cid}}} and so on. */
  public Map<String, Object> toIpld() {
    return Map.of(key, instruction);
  }

  /**
   * The await a value stands for, if it is one: a map with exactly one key whose value is a link.
   */
  public static Optional<Await> parse(Object value) {
    if (value instanceof Map<?, ?> m && m.size() == 1) {
      Map.Entry<?, ?> e = m.entrySet().iterator().next();
      if (e.getKey() instanceof String k && e.getValue() instanceof Cid cid) {
        return Optional.of(new Await(Kind.ofKey(k), cid, k));
      }
    }
    return Optional.empty();
  }

  /**
   * Whether a result satisfies this await under IPVM semantics: {@code await/ok} a success ({@code
   * ok} or {@code just}), {@code await/error} an {@code error}, {@code await/*} anything.
   */
  public boolean accepts(InstructionResult result) {
    return switch (kind) {
      case OK -> result.isSuccess();
      case ERROR -> !result.isSuccess();
      case ANY -> true;
    };
  }
}
