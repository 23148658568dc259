package io.ipvm.memo.model;

import java.math.BigInteger;
import java.util.Map;

/**
 * The limits a task asks for, read from its {@code meta} as the reference node's {@code Resources}
 * ({@code {fuel, memory, time}}): what the executor enforces (the reference node reads but never
 * applies them).
 *
 * <p>Each value is a u64 in IPLD, an integer or a float (the fixtures write u64::MAX as {@code
 * 18446744073709552000}, which DAG-JSON reads as the float 2^64), or {@code null}/missing for the
 * default. Here each is a {@code long}; values at or above {@link #UNLIMITED} ({@code
 * Long.MAX_VALUE}, which includes u64::MAX and 2^64) mean "no limit", and floats are truncated
 * towards zero. Negative values are an error.
 *
 * @param fuel fuel units (default {@link #UNLIMITED})
 * @param memoryBytes bytes of linear memory (default {@link #DEFAULT_MEMORY}, 4 GiB)
 * @param timeMillis wall time in milliseconds (default {@link #DEFAULT_TIME_MILLIS}, 100 s)
 */
public record Resources(long fuel, long memoryBytes, long timeMillis) {
  /** No limit. */
  public static final long UNLIMITED = Long.MAX_VALUE;

  /** The reference node's default memory limit: 4 GiB. */
  public static final long DEFAULT_MEMORY = 4L << 30;

  /** The reference node's default time limit: 100,000 ms. */
  public static final long DEFAULT_TIME_MILLIS = 100_000;

  /** The defaults: unlimited fuel, 4 GiB, 100 s. */
  public static final Resources DEFAULTS =
      new Resources(UNLIMITED, DEFAULT_MEMORY, DEFAULT_TIME_MILLIS);

  /** Rejects negative values. */
  public Resources {
    if (fuel < 0 || memoryBytes < 0 || timeMillis < 0) {
      throw new IllegalArgumentException("negative resource limit");
    }
  }

  /** Whether a finite fuel limit is set (the executor then runs the metered code variant). */
  public boolean fuelLimited() {
    return fuel != UNLIMITED;
  }

  /** Whether a finite memory limit is set. */
  public boolean memoryLimited() {
    return memoryBytes != UNLIMITED;
  }

  /** Whether a finite time limit is set. */
  public boolean timeLimited() {
    return timeMillis != UNLIMITED;
  }

  /**
   * Reads the limits from a task's {@code meta}. A {@code null} meta gives the defaults; any other
   * non-map is an error at {@code path}; keys other than the three are ignored.
   */
  public static Resources fromMeta(Object meta, String path) {
    if (meta == null) {
      return DEFAULTS;
    }
    Map<String, Object> m = IpldValues.map(meta, path);
    return new Resources(
        limit(m.get("fuel"), UNLIMITED, IpldValues.join(path, "fuel")),
        limit(m.get("memory"), DEFAULT_MEMORY, IpldValues.join(path, "memory")),
        limit(m.get("time"), DEFAULT_TIME_MILLIS, IpldValues.join(path, "time")));
  }

  /**
   * The {@code meta} map for these limits, {@code {fuel, memory, time}}, each an integer or {@code
   * null} when unlimited.
   */
  public Map<String, Object> toMeta() {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("fuel", fuel == UNLIMITED ? null : fuel);
    m.put("memory", memoryBytes == UNLIMITED ? null : memoryBytes);
    m.put("time", timeMillis == UNLIMITED ? null : timeMillis);
    return m;
  }

  private static long limit(Object v, long dflt, String path) {
    if (v == null) {
      return dflt;
    }
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      long l = ((Number) v).longValue();
      if (l < 0) {
        throw new ModelException(path, "must not be negative, got " + l);
      }
      return l;
    }
    if (v instanceof BigInteger b) {
      if (b.signum() < 0) {
        throw new ModelException(path, "must not be negative, got " + b);
      }
      return UNLIMITED; // above Long.MAX_VALUE: up to u64::MAX
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (d < 0) {
        throw new ModelException(path, "must not be negative, got " + d);
      }
      return d >= 0x1p63 ? UNLIMITED : (long) d;
    }
    throw new ModelException(
        path, "expected an integer, a float or null, got " + IpldValues.kind(v));
  }
}
