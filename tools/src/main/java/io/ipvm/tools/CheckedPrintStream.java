package io.ipvm.tools;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * A {@link PrintStream} that remembers why a write failed. A plain {@code PrintStream} (such as
 * {@code System.out}) swallows the {@link IOException} of a full disk or a closed pipe and only
 * sets a flag, so {@code ipvm cat CID > /dev/full} used to lose the data and exit 0; {@link Main}
 * checks {@link #checkError()} after every command and reports {@link #failure()}'s message ("No
 * space left on device", "Broken pipe").
 */
public final class CheckedPrintStream extends PrintStream {
  private final Recorder recorder;

  /**
   * Prints to {@code sink} in {@code charset}, flushing on every line and every byte-array write
   * (so a workflow's per-task lines and a WASI guest's output appear as they are written).
   */
  public CheckedPrintStream(OutputStream sink, Charset charset) {
    this(new Recorder(sink), charset);
  }

  private CheckedPrintStream(Recorder recorder, Charset charset) {
    super(new BufferedOutputStream(recorder, 1 << 16), true, charset);
    this.recorder = recorder;
  }

  /** The first write or flush failure of the underlying stream, or null if there was none. */
  public IOException failure() {
    return recorder.failure;
  }

  /** Records the first exception of the wrapped stream, then rethrows it. */
  private static final class Recorder extends FilterOutputStream {
    private volatile IOException failure;

    Recorder(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      try {
        out.write(b);
      } catch (IOException e) {
        throw record(e);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        out.write(b, off, len);
      } catch (IOException e) {
        throw record(e);
      }
    }

    @Override
    public void flush() throws IOException {
      try {
        out.flush();
      } catch (IOException e) {
        throw record(e);
      }
    }

    private IOException record(IOException e) {
      if (failure == null) {
        failure = e;
      }
      return e;
    }
  }
}
