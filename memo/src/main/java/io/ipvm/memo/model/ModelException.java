package io.ipvm.memo.model;

/**
 * An IPVM document that does not have the shape the model requires. The message starts with the
 * path of the offending value inside the document ({@code tasks[1].run.nnc: base32hex nonce must be
 * 20 or 26 characters (12 or 16 bytes), got 12 characters}); {@link #path()} gives it alone and
 * {@link #problem()} the rest.
 */
public final class ModelException extends RuntimeException {
  /** Where in the document. */
  private final String path;

  /** What is wrong. */
  private final String problem;

  /** A problem at {@code path} ({@code ""} for the document itself). */
  public ModelException(String path, String problem) {
    super(path.isEmpty() ? problem : path + ": " + problem);
    this.path = path;
    this.problem = problem;
  }

  /** A problem at {@code path} caused by {@code cause} (e.g. a codec error). */
  public ModelException(String path, String problem, Throwable cause) {
    super(path.isEmpty() ? problem : path + ": " + problem, cause);
    this.path = path;
    this.problem = problem;
  }

  /** Where in the document: {@code tasks[1].run.nnc}; {@code ""} for the document itself. */
  public String path() {
    return path;
  }

  /** What is wrong, without the path. */
  public String problem() {
    return problem;
  }
}
