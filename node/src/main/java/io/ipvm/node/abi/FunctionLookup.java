package io.ipvm.node.abi;

import io.ipvm.memo.model.FunctionNames;
import io.ipvm.runtime.Instance;
import io.ipvm.runtime.WasmFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the export a workflow's {@code func} names, trying the reference node's variants in its
 * order (ipvm-formats.md §3.2): the name as given, UPPERCASE, kebab-case, snake_case, lowerCamel,
 * PascalCase, then {@code %name}. So {@code add_one} finds {@code add-one}, {@code subtractInt}
 * finds {@code subtract-int} and {@code SUBTRACT} finds {@code subtract}.
 *
 * <p>Words are split as Rust's {@code heck} crate (which the reference node uses) splits them; see
 * {@link FunctionNames}.
 *
 * <p>The canonical ABI's helpers ({@code cabi_realloc}, {@code cabi_post_*}) are never found: they
 * are not tasks, and calling them directly would corrupt the guest's allocator.
 */
public final class FunctionLookup {
  private FunctionLookup() {}

  /** An export found: the name it is exported under, and the function. */
  public record Found(String exportName, WasmFunction function) {}

  /**
   * The names tried for {@code name}, in order, without repeats. The variants themselves are memo's
   * {@link FunctionNames} (the model needs them too); this class adds the instance side.
   */
  public static List<String> candidates(String name) {
    return FunctionNames.variants(name);
  }

  /**
   * Finds the function.
   *
   * @throws WasmCallException.NoSuchFunction listing the names tried and the functions exported
   */
  public static Found find(Instance instance, String name) {
    Map<String, Object> exports = instance.exports();
    List<String> tried = candidates(name);
    for (String candidate : tried) {
      if (!isAbiHelper(candidate) && exports.get(candidate) instanceof WasmFunction f) {
        return new Found(candidate, f);
      }
    }
    throw new WasmCallException.NoSuchFunction(name, tried, callable(instance));
  }

  /** The exported functions a task may call (everything but the canonical ABI's helpers). */
  public static List<String> callable(Instance instance) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Object> e : instance.exports().entrySet()) {
      if (e.getValue() instanceof WasmFunction && !isAbiHelper(e.getKey())) {
        out.add(e.getKey());
      }
    }
    out.sort(null);
    return out;
  }

  static boolean isAbiHelper(String exportName) {
    return exportName.equals("cabi_realloc")
        || exportName.startsWith("cabi_realloc_")
        || exportName.startsWith("cabi_post_");
  }
}
