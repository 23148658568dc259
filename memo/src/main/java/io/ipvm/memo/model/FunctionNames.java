package io.ipvm.memo.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The export names the reference node tries for a {@code wasm/run} function name, in its order: the
 * name as given, UPPERCASE, kebab-case, snake_case, lowerCamelCase, PascalCase, then {@code %name}
 * (WIT's escape for names that are keywords). So {@code add_one} finds an export {@code add-one},
 * {@code SUBTRACT} finds {@code subtract} and {@code subtractInt} finds {@code subtract-int}.
 *
 * <p>Words are split as the Rust {@code heck} crate does: at every character that is neither a
 * letter nor a digit, between a lower-case letter (or a digit following one) and an upper-case
 * letter, and before the last capital of an acronym followed by a lower-case letter ({@code
 * XMLHttp} → {@code XML}, {@code Http}).
 */
public final class FunctionNames {
  private FunctionNames() {}

  /** The candidate names in lookup order, without duplicates. */
  public static List<String> variants(String name) {
    List<String> words = words(name);
    Set<String> out = new LinkedHashSet<>();
    out.add(name);
    out.add(name.toUpperCase(Locale.ROOT));
    out.add(join(words, "-", false, false));
    out.add(join(words, "_", false, false));
    out.add(join(words, "", false, true));
    out.add(join(words, "", true, true));
    out.add("%" + name);
    out.remove("");
    return List.copyOf(out);
  }

  /** The first variant of {@code name} for which {@code exists} holds. */
  public static Optional<String> resolve(String name, Predicate<String> exists) {
    for (String v : variants(name)) {
      if (exists.test(v)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  /** The words of a name, as {@code heck} splits them. */
  static List<String> words(String name) {
    List<String> words = new ArrayList<>();
    int n = name.length();
    int start = -1;
    // 0 = boundary/none, 1 = lower, 2 = upper (digits keep the mode)
    int mode = 0;
    for (int i = 0; i < n; i++) {
      char c = name.charAt(i);
      if (!Character.isLetterOrDigit(c)) {
        if (start >= 0) {
          words.add(name.substring(start, i));
          start = -1;
        }
        mode = 0;
        continue;
      }
      if (start < 0) {
        start = i;
      }
      int nextMode = Character.isLowerCase(c) ? 1 : Character.isUpperCase(c) ? 2 : mode;
      if (i + 1 < n && Character.isLetterOrDigit(name.charAt(i + 1))) {
        char next = name.charAt(i + 1);
        if (nextMode == 1 && Character.isUpperCase(next)) {
          words.add(name.substring(start, i + 1));
          start = -1;
          mode = 0;
          continue;
        }
        if (mode == 2 && Character.isUpperCase(c) && Character.isLowerCase(next) && start < i) {
          words.add(name.substring(start, i));
          start = i;
        }
      }
      mode = nextMode;
    }
    if (start >= 0) {
      words.add(name.substring(start));
    }
    return words;
  }

  private static String join(List<String> words, String sep, boolean capFirst, boolean capRest) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < words.size(); i++) {
      if (i > 0) {
        sb.append(sep);
      }
      String w = words.get(i).toLowerCase(Locale.ROOT);
      boolean cap = i == 0 ? capFirst : capRest;
      if (cap && !w.isEmpty()) {
        sb.append(Character.toUpperCase(w.charAt(0))).append(w, 1, w.length());
      } else {
        sb.append(w);
      }
    }
    return sb.toString();
  }
}
