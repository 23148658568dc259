package io.ipvm.tools;

import java.util.Locale;

/**
 * The number formats of {@code ipvm run}'s limits: durations ({@code 500ms}, {@code 10s}, {@code
 * 2m}) and byte sizes ({@code 65536}, {@code 64KiB}, {@code 64MiB}, {@code 1GiB}, {@code 10MB}).
 */
final class Quantities {
  private Quantities() {}

  /** A value that does not parse, with the reason (a sentence fragment for the user). */
  static final class BadQuantity extends Exception {
    private static final long serialVersionUID = 1L;

    BadQuantity(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Milliseconds of a duration: a whole number followed by {@code ms}, {@code s}, {@code m} or
   * {@code h} (a bare number is seconds, as for coreutils' {@code timeout}); must be positive.
   */
  static long millis(String text) throws BadQuantity {
    String t = text.strip().toLowerCase(Locale.ROOT);
    long unit;
    String digits;
    if (t.endsWith("ms")) {
      unit = 1;
      digits = t.substring(0, t.length() - 2);
    } else if (t.endsWith("s")) {
      unit = 1000;
      digits = t.substring(0, t.length() - 1);
    } else if (t.endsWith("m")) {
      unit = 60_000;
      digits = t.substring(0, t.length() - 1);
    } else if (t.endsWith("h")) {
      unit = 3_600_000;
      digits = t.substring(0, t.length() - 1);
    } else {
      unit = 1000;
      digits = t;
    }
    long n = number(digits, text, "a duration such as 500ms, 10s, 2m or 1h");
    if (n == 0) {
      throw new BadQuantity("a duration must be more than 0: " + text);
    }
    try {
      return Math.multiplyExact(n, unit);
    } catch (ArithmeticException e) {
      throw new BadQuantity("duration too long: " + text);
    }
  }

  /**
   * Bytes of a size: a whole number, optionally followed by {@code B}, {@code KiB}/{@code MiB}/
   * {@code GiB} (powers of 1024; also {@code K}, {@code M}, {@code G}) or {@code KB}/{@code MB}/
   * {@code GB} (powers of 1000).
   */
  static long bytes(String text) throws BadQuantity {
    String t = text.strip();
    String lower = t.toLowerCase(Locale.ROOT);
    String[][] units = {
      {"kib", "1024"},
      {"mib", "1048576"},
      {"gib", "1073741824"},
      {"tib", "1099511627776"},
      {"kb", "1000"},
      {"mb", "1000000"},
      {"gb", "1000000000"},
      {"tb", "1000000000000"},
      {"k", "1024"},
      {"m", "1048576"},
      {"g", "1073741824"},
      {"t", "1099511627776"},
      {"b", "1"}
    };
    long unit = 1;
    String digits = t;
    for (String[] u : units) {
      if (lower.endsWith(u[0])) {
        unit = Long.parseLong(u[1]);
        digits = t.substring(0, t.length() - u[0].length());
        break;
      }
    }
    long n = number(digits, text, "a size such as 65536, 64KiB, 64MiB or 1GiB");
    try {
      return Math.multiplyExact(n, unit);
    } catch (ArithmeticException e) {
      throw new BadQuantity("size too large: " + text);
    }
  }

  /** A non-negative whole number (underscores allowed as separators). */
  static long count(String text, String what) throws BadQuantity {
    return number(text.strip(), text, what);
  }

  private static long number(String digits, String text, String expected) throws BadQuantity {
    String d = digits.strip().replace("_", "");
    if (d.isEmpty() || !d.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new BadQuantity("expected " + expected + ", got \"" + text + "\"");
    }
    try {
      return Long.parseLong(d);
    } catch (NumberFormatException e) {
      throw new BadQuantity("number too large: " + text);
    }
  }
}
