package io.ipvm.fuzz;

/** The three comparisons a campaign makes. */
public enum Pass {
  /** Generated modules, compiled plain. */
  PLAIN,
  /** The same modules compiled fuel-metered with ample fuel. */
  METERED,
  /** Corrupted modules: clean rejection, or the same behaviour as V8. */
  CORRUPT
}
