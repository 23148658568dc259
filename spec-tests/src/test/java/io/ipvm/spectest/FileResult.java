package io.ipvm.spectest;

import java.util.ArrayList;
import java.util.List;

/**
 * Outcome counts of one script. Written by the script's worker thread and read by the scheduler;
 * once {@link #close closed} (finished or timed out) later writes from the worker are ignored.
 */
final class FileResult {
  /** One failed command, as reported in spec-report.json. */
  record Failure(
      String file,
      int line,
      String command,
      String detail,
      String expected,
      String actual,
      String message) {}

  /** A trap whose message differs from the one the script names (informational only). */
  record MessageMismatch(String file, int line, String command, String expected, String actual) {}

  /** Failures kept per file, to bound memory; the counts are always complete. */
  static final int MAX_FAILURES_PER_FILE = 500;

  final String file;
  final int commands;
  private int passed;
  private int failed;
  private int skipped;
  private int done;
  private int currentLine;
  private boolean closed;
  private String timeout;
  private final List<Failure> failures = new ArrayList<>();
  private final List<MessageMismatch> mismatches = new ArrayList<>();

  FileResult(String file, int commands) {
    this.file = file;
    this.commands = commands;
  }

  synchronized void begin(int line) {
    currentLine = line;
  }

  synchronized void pass() {
    if (!closed) {
      passed++;
      done++;
    }
  }

  synchronized void skip() {
    if (!closed) {
      skipped++;
      done++;
    }
  }

  synchronized void fail(Failure f) {
    if (!closed) {
      failed++;
      done++;
      if (failures.size() < MAX_FAILURES_PER_FILE) {
        failures.add(f);
      }
    }
  }

  synchronized void mismatch(MessageMismatch m) {
    if (!closed && mismatches.size() < 200) {
      mismatches.add(m);
    }
  }

  /** Ends the file normally: commands that were never reached (a runner bug) count as failed. */
  synchronized void close() {
    if (!closed && done < commands) {
      failed += commands - done;
      failures.add(
          new Failure(
              file,
              currentLine,
              "runner",
              null,
              null,
              null,
              (commands - done) + " commands were not run (runner aborted)"));
    }
    closed = true;
  }

  /** Ends the file after a timeout: every command not finished counts as failed. */
  synchronized void timeOut(long seconds) {
    if (closed) {
      return;
    }
    int left = commands - done;
    failed += left;
    timeout =
        "timed out after "
            + seconds
            + " s at line "
            + currentLine
            + "; "
            + left
            + " commands failed";
    failures.add(new Failure(file, currentLine, "timeout", null, null, null, timeout));
    closed = true;
  }

  synchronized int passed() {
    return passed;
  }

  synchronized int failed() {
    return failed;
  }

  synchronized int skipped() {
    return skipped;
  }

  synchronized String timeout() {
    return timeout;
  }

  synchronized List<Failure> failures() {
    return List.copyOf(failures);
  }

  synchronized List<MessageMismatch> mismatches() {
    return List.copyOf(mismatches);
  }
}
