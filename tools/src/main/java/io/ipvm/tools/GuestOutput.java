package io.ipvm.tools;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * A WASI guest's standard output or error: writes go to a {@link PrintStream} and fail with an
 * {@link IOException} once that stream has failed. WASI turns the exception into an errno for the
 * guest (EIO) instead of the silence a {@code PrintStream} alone would give, so a program writing
 * to a closed pipe or a full disk learns of it; {@link Main} then ends the run with {@link
 * Main#EXIT_OUTPUT}.
 */
final class GuestOutput extends OutputStream {
  private final PrintStream target;
  private final String name;

  GuestOutput(PrintStream target, String name) {
    this.target = target;
    this.name = name;
  }

  @Override
  public void write(int b) throws IOException {
    target.write(b);
    check();
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    target.write(b, off, len);
    check();
  }

  @Override
  public void flush() throws IOException {
    check();
  }

  /** checkError() also flushes, so a failure shows up at the write that caused it. */
  private void check() throws IOException {
    if (target.checkError()) {
      IOException cause =
          target instanceof CheckedPrintStream c && c.failure() != null ? c.failure() : null;
      throw new IOException(
          "cannot write to " + name + (cause == null ? "" : ": " + cause.getMessage()), cause);
    }
  }
}
