package io.ipvm.fuzz;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The figures of a campaign: verdicts counted per pass, and every failure. */
public final class FuzzReport {
  /**
   * One failing module.
   *
   * @param pass the pass it failed in
   * @param seed the module's seed
   * @param mutant the mutant index in the corruption pass, -1 otherwise
   * @param verdict what went wrong
   * @param detail the first difference or the exception
   * @param dir where the module and both engines' output were saved
   */
  public record Failure(
      Pass pass, long seed, int mutant, Verdict verdict, String detail, Path dir) {}

  private final Map<Pass, Map<Verdict, Integer>> counts = new EnumMap<>(Pass.class);
  private final List<Failure> failures = new ArrayList<>();

  synchronized void record(Pass pass, Verdict verdict) {
    counts.computeIfAbsent(pass, p -> new EnumMap<>(Verdict.class)).merge(verdict, 1, Integer::sum);
  }

  synchronized void fail(Failure failure) {
    failures.add(failure);
  }

  /** How many modules of a pass got a verdict. */
  public synchronized int count(Pass pass, Verdict verdict) {
    return counts.getOrDefault(pass, Map.of()).getOrDefault(verdict, 0);
  }

  /** How many modules a pass compared. */
  public synchronized int total(Pass pass) {
    return counts.getOrDefault(pass, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Every failure, in the order found. */
  public synchronized List<Failure> failures() {
    return List.copyOf(failures);
  }

  /** One line per pass, then one per failure. */
  public synchronized String summary() {
    StringBuilder out = new StringBuilder();
    for (Pass pass : Pass.values()) {
      Map<Verdict, Integer> c = counts.get(pass);
      if (c == null) {
        continue;
      }
      out.append(String.format("%-8s %6d run:", pass.name().toLowerCase(), total(pass)));
      c.forEach((v, n) -> out.append(' ').append(v.name().toLowerCase()).append('=').append(n));
      out.append('\n');
    }
    for (Failure f : failures) {
      out.append(
          String.format(
              "FAIL %s seed %d%s: %s — %s (%s)%n",
              f.pass().name().toLowerCase(),
              f.seed(),
              f.mutant() >= 0 ? " mutant " + f.mutant() : "",
              f.verdict(),
              f.detail().lines().findFirst().orElse(""),
              f.dir()));
    }
    return out.toString();
  }
}
