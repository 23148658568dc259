package io.ipvm.fuzz;

import java.util.List;

/**
 * What one engine did with one module.
 *
 * @param status how it ended
 * @param message the rejection, link error, exception or timeout text; empty when it ran
 * @param trace the log calls and export outcomes in order (see {@link TraceFormat}); for {@link
 *     Status#CRASH} and {@link Status#TIMEOUT} the part recorded before the failure
 */
public record EngineResult(Status status, String message, List<String> trace) {
  /** How a module's run ended. */
  public enum Status {
    /** Compiled, instantiated and every export called (traps included). */
    RAN,
    /** Refused as malformed or invalid (ipvm-jvm: ModuleException.Malformed/Invalid). */
    REJECTED,
    /** Valid, but the imports did not match (ipvm-jvm: ModuleException.Unlinkable). */
    UNLINKABLE,
    /** An exception that is not a documented outcome (ipvm-jvm only): always a bug. */
    CRASH,
    /** Did not finish within the per-module time budget. */
    TIMEOUT,
    /**
     * Stopped by a bound of the corruption pass (fuel, or a memory limit refusing an allocation V8
     * might grant): inconclusive, not compared.
     */
    BOUNDED
  }

  /** Copies the trace. */
  public EngineResult {
    trace = List.copyOf(trace);
  }

  /** A run that completed with this trace. */
  public static EngineResult ran(List<String> trace) {
    return new EngineResult(Status.RAN, "", trace);
  }

  /** Any other outcome. */
  public static EngineResult of(Status status, String message, List<String> trace) {
    return new EngineResult(status, message, trace);
  }

  /** The result as text: status, message, then the trace one entry per line. */
  public String render() {
    StringBuilder out = new StringBuilder(status.name());
    if (!message.isEmpty()) {
      out.append(": ").append(message);
    }
    out.append('\n');
    for (String line : trace) {
      out.append(line).append('\n');
    }
    return out.toString();
  }
}
