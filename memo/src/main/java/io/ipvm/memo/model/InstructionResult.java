package io.ipvm.memo.model;

import io.ipvm.ipld.Ipld;
import java.util.Arrays;
import java.util.List;

/**
 * A receipt's {@code out} in the reference node's list-tuple form: {@code ["ok", v]}, {@code
 * ["error", v]} or {@code ["just", v]} (the UCAN specs use a keyed map {@code {"ok": v}}; the
 * reference node does not). The value is raw IPLD, deep-copied and unmodifiable.
 */
public sealed interface InstructionResult
    permits InstructionResult.Ok, InstructionResult.Err, InstructionResult.Just {
  /** The tag: {@code "ok"}, {@code "error"} or {@code "just"}. */
  String tag();

  /** The value. */
  Object value();

  /** Whether this is a success ({@link Ok} or {@link Just}) rather than an {@link Err}. */
  default boolean isSuccess() {
    return !(this instanceof Err);
  }

  /** The IPLD list {@code [tag, value]}. */
  default List<Object> toIpld() {
    return Arrays.asList(tag(), value());
  }

  /** A success, {@code ["ok", v]}. */
  static Ok ok(Object value) {
    return new Ok(value);
  }

  /** A failure, {@code ["error", v]} (the reference node never writes these; ipvm-jvm does). */
  static Err error(Object value) {
    return new Err(value);
  }

  /** {@code ["ok", v]}. */
  record Ok(Object value) implements InstructionResult {
    /** Freezes the value. */
    public Ok {
      value = IpldValues.freeze(value);
    }

    @Override
    public String tag() {
      return "ok";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Ok r && Ipld.equals(value, r.value);
    }

    @Override
    public int hashCode() {
      return 1;
    }
  }

  /** {@code ["error", v]}. */
  record Err(Object value) implements InstructionResult {
    /** Freezes the value. */
    public Err {
      value = IpldValues.freeze(value);
    }

    @Override
    public String tag() {
      return "error";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Err r && Ipld.equals(value, r.value);
    }

    @Override
    public int hashCode() {
      return 2;
    }
  }

  /** {@code ["just", v]}: a bare value (the reference node's {@code Just}), counted as success. */
  record Just(Object value) implements InstructionResult {
    /** Freezes the value. */
    public Just {
      value = IpldValues.freeze(value);
    }

    @Override
    public String tag() {
      return "just";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Just r && Ipld.equals(value, r.value);
    }

    @Override
    public int hashCode() {
      return 3;
    }
  }

  /** Whether {@code v} is a 2-element list whose first element is "ok", "error" or "just". */
  static boolean isTuple(Object v) {
    return v instanceof List<?> l
        && l.size() == 2
        && ("ok".equals(l.get(0)) || "error".equals(l.get(0)) || "just".equals(l.get(0)));
  }

  /** Reads {@code [tag, value]}; errors name {@code path}. */
  static InstructionResult fromIpld(Object ipld, String path) {
    List<Object> l = IpldValues.list(ipld, path);
    if (l.size() != 2) {
      throw new ModelException(path, "expected [tag, value], got a list of " + l.size());
    }
    Object tag = l.get(0);
    Object v = l.get(1);
    if ("ok".equals(tag)) return new Ok(v);
    if ("error".equals(tag)) return new Err(v);
    if ("just".equals(tag)) return new Just(v);
    throw new ModelException(
        path + "[0]",
        "expected \"ok\", \"error\" or \"just\", got "
            + (tag instanceof String s ? "\"" + s + "\"" : IpldValues.kind(tag)));
  }
}
