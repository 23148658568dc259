package io.ipvm.memo.model;

import io.ipvm.ipld.Cid;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Finding and substituting the awaits in an instruction's input.
 *
 * <p>"Top level" means an element of {@code input.args} (the positional arguments of {@code
 * wasm/run}); anything deeper is nested. When the input has no {@code args} list, the whole input
 * counts as nested. Substitution follows the reference node:
 *
 * <ul>
 *   <li>a top-level await becomes the result's inner value, whatever its kind;
 *   <li>a nested await keeps its map and key, only the link is replaced: {@code {"x": {"await/ok":
 *       cid}}} becomes {@code {"x": {"await/ok": 2}}}; for {@code await/*} the replacement is the
 *       whole {@code ["ok", v]} tuple.
 * </ul>
 *
 * <p>Whether a result may satisfy an await at all ({@link Await#accepts}) is IPVM semantics the
 * reference node does not check; the executor checks it before calling {@link #substitute}. Plain
 * links that are not awaits are left alone (the executor replaces top-level ones by content bytes).
 */
public final class Awaits {
  private Awaits() {}

  /** Where an await occurs: its dotted path inside the input and whether it is a top-level arg. */
  public record Occurrence(Await await, String path, boolean topLevel) {}

  /** Every await in {@code input}, in document order (depth-first), with where it occurs. */
  public static List<Occurrence> occurrences(Object input) {
    List<Occurrence> out = new ArrayList<>();
    List<Object> args = topLevelArgs(input);
    if (args != null) {
      for (Map.Entry<String, Object> e : IpldValues.map(input, "input").entrySet()) {
        String path = "input." + e.getKey();
        if (e.getKey().equals("args")) {
          for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            String p = path + "[" + i + "]";
            var top = Await.parse(a);
            if (top.isPresent()) {
              out.add(new Occurrence(top.get(), p, true));
            } else {
              walk(a, p, out);
            }
          }
        } else {
          walk(e.getValue(), path, out);
        }
      }
    } else {
      walk(input, "input", out);
    }
    return out;
  }

  /** The distinct awaits of an instruction's input, in document order. */
  public static List<Await> of(Object input) {
    Set<Await> set = new LinkedHashSet<>();
    for (Occurrence o : occurrences(input)) {
      set.add(o.await());
    }
    return List.copyOf(set);
  }

  /** The distinct awaited instruction CIDs of an instruction's input, in document order. */
  public static List<Cid> instructions(Object input) {
    Set<Cid> set = new LinkedHashSet<>();
    for (Occurrence o : occurrences(input)) {
      set.add(o.await().instruction());
    }
    return List.copyOf(set);
  }

  /**
   * The input with every await replaced by its result, as described on the class. {@code results}
   * gives the result for each await (it may throw to refuse one, e.g. when the branch does not
   * match; returning {@code null} is an {@link IllegalStateException} naming the await).
   */
  public static Object substitute(Object input, Function<Await, InstructionResult> results) {
    List<Object> args = topLevelArgs(input);
    if (args == null) {
      return nested(input, results);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : IpldValues.map(input, "input").entrySet()) {
      if (e.getKey().equals("args")) {
        List<Object> newArgs = new ArrayList<>(args.size());
        for (Object a : args) {
          var top = Await.parse(a);
          newArgs.add(top.isPresent() ? result(top.get(), results).value() : nested(a, results));
        }
        out.put("args", Collections.unmodifiableList(newArgs));
      } else {
        out.put(e.getKey(), nested(e.getValue(), results));
      }
    }
    return Collections.unmodifiableMap(out);
  }

  private static InstructionResult result(Await await, Function<Await, InstructionResult> results) {
    InstructionResult r = results.apply(await);
    if (r == null) {
      throw new IllegalStateException("no result for " + await.key() + " " + await.instruction());
    }
    return r;
  }

  private static List<Object> topLevelArgs(Object input) {
    if (input instanceof Map<?, ?> m && m.get("args") instanceof List<?> l) {
      @SuppressWarnings("unchecked")
      List<Object> args = (List<Object>) l;
      return args;
    }
    return null;
  }

  private static void walk(Object v, String path, List<Occurrence> out) {
    var await = Await.parse(v);
    if (await.isPresent()) {
      out.add(new Occurrence(await.get(), path, false));
    } else if (v instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        walk(l.get(i), path + "[" + i + "]", out);
      }
    } else if (v instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        walk(e.getValue(), path + "." + e.getKey(), out);
      }
    }
  }

  private static Object nested(Object v, Function<Await, InstructionResult> results) {
    var await = Await.parse(v);
    if (await.isPresent()) {
      InstructionResult r = result(await.get(), results);
      Object value = await.get().kind() == Await.Kind.ANY ? r.toIpld() : r.value();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put(await.get().key(), value);
      return Collections.unmodifiableMap(m);
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object e : l) {
        out.add(nested(e, results));
      }
      return Collections.unmodifiableList(out);
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        out.put((String) e.getKey(), nested(e.getValue(), results));
      }
      return Collections.unmodifiableMap(out);
    }
    return v;
  }
}
