package io.ipvm.ipld;

/** Multicodec codes for the content types CIDs name here. */
public final class Multicodec {
  public static final long RAW = 0x55;
  public static final long DAG_PB = 0x70;
  public static final long DAG_CBOR = 0x71;
  public static final long DAG_JSON = 0x0129;

  private Multicodec() {}

  /** A readable name of a codec code ("dag-cbor", or hex for codes not listed here). */
  public static String name(long code) {
    if (code == RAW) return "raw";
    if (code == DAG_PB) return "dag-pb";
    if (code == DAG_CBOR) return "dag-cbor";
    if (code == DAG_JSON) return "dag-json";
    return "0x" + Long.toHexString(code);
  }
}
