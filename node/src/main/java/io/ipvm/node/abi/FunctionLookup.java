package io.ipvm.node.abi;

import io.ipvm.runtime.Instance;
import io.ipvm.runtime.WasmFunction;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds the export a workflow's {@code func} names, trying the reference node's variants in its
 * order (ipvm-formats.md §3.2): the name as given, UPPERCASE, kebab-case, snake_case, lowerCamel,
 * PascalCase, then {@code %name}. So {@code add_one} finds {@code add-one}, {@code subtractInt}
 * finds {@code subtract-int} and {@code SUBTRACT} finds {@code subtract}.
 *
 * <p>Words are split as Rust's {@code heck} crate (which the reference node uses) splits them: at
 * every character that is neither a letter nor a digit, between a lower-case letter and an
 * upper-case one ({@code addOne}), and before the last capital of a run followed by a lower-case
 * letter ({@code HTTPServer} → {@code HTTP}, {@code Server}); a digit continues the current word.
 *
 * <p>The canonical ABI's helpers ({@code cabi_realloc}, {@code cabi_post_*}) are never found: they
 * are not tasks, and calling them directly would corrupt the guest's allocator.
 */
public final class FunctionLookup {
  private FunctionLookup() {}

  /** An export found: the name it is exported under, and the function. */
  public record Found(String exportName, WasmFunction function) {}

  /** The names tried for {@code name}, in order, without repeats. */
  public static List<String> candidates(String name) {
    List<String> words = words(name);
    Set<String> out = new LinkedHashSet<>();
    out.add(name);
    out.add(name.toUpperCase(Locale.ROOT));
    out.add(join(words, "-", false, false));
    out.add(join(words, "_", false, false));
    out.add(join(words, "", true, false));
    out.add(join(words, "", true, true));
    out.add("%" + name);
    out.remove("");
    return List.copyOf(out);
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

  /** Splits a name into words (see the class comment). */
  static List<String> words(String name) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    int[] cps = name.codePoints().toArray();
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      if (!Character.isLetterOrDigit(c)) {
        flush(words, word);
        continue;
      }
      if (!word.isEmpty()) {
        int prev = word.codePointBefore(word.length());
        boolean next = i + 1 < cps.length && Character.isLowerCase(cps[i + 1]);
        if (Character.isUpperCase(c)
            && (Character.isLowerCase(prev)
                || (Character.isDigit(prev) && wordCase(word) == Case.LOWER)
                || (Character.isUpperCase(prev) && next))) {
          flush(words, word);
        }
      }
      word.appendCodePoint(c);
    }
    flush(words, word);
    return words;
  }

  private enum Case {
    LOWER,
    UPPER,
    NONE
  }

  /** The case of the last letter of a word (digits continue it, as in heck). */
  private static Case wordCase(CharSequence word) {
    for (int i = word.length() - 1; i >= 0; i--) {
      char ch = word.charAt(i);
      if (Character.isLowerCase(ch)) return Case.LOWER;
      if (Character.isUpperCase(ch)) return Case.UPPER;
    }
    return Case.NONE;
  }

  private static void flush(List<String> words, StringBuilder word) {
    if (!word.isEmpty()) {
      words.add(word.toString());
      word.setLength(0);
    }
  }

  private static String join(
      List<String> words, String separator, boolean capitalize, boolean capitalizeFirst) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i).toLowerCase(Locale.ROOT);
      if (capitalize && (i > 0 || capitalizeFirst)) {
        w =
            w.substring(0, w.offsetByCodePoints(0, 1)).toUpperCase(Locale.ROOT)
                + w.substring(w.offsetByCodePoints(0, 1));
      }
      if (i > 0) b.append(separator);
      b.append(w);
    }
    return b.toString();
  }
}
