package io.ipvm.node.abi;

import io.ipvm.wasm.ValType;
import java.util.List;
import java.util.Locale;

/**
 * The WIT (Component Model interface) types this calling convention can declare for a result, with
 * the core Wasm values each one flattens to under the canonical ABI. A core module does not carry
 * these types (only a {@code component-type} custom section would), so the caller states them where
 * the core signature is ambiguous — above all for {@code string} and {@code list<u8>} results,
 * which come back as a single i32 pointer to a return area.
 */
public enum WitType {
  BOOL("bool", ValType.I32),
  S8("s8", ValType.I32),
  U8("u8", ValType.I32),
  S16("s16", ValType.I32),
  U16("u16", ValType.I32),
  S32("s32", ValType.I32),
  U32("u32", ValType.I32),
  S64("s64", ValType.I64),
  U64("u64", ValType.I64),
  F32("f32", ValType.F32),
  F64("f64", ValType.F64),
  CHAR("char", ValType.I32),
  /** UTF-8 text: (pointer, length) as a parameter; a return-area pointer as a result. */
  STRING("string", null),
  /** Raw bytes: (pointer, length) as a parameter; a return-area pointer as a result. */
  BYTES("list<u8>", null);

  private final String witName;
  private final ValType core;

  WitType(String witName, ValType core) {
    this.witName = witName;
    this.core = core;
  }

  /** The type as WIT spells it ({@code s32}, {@code string}, {@code list<u8>}, ...). */
  public String witName() {
    return witName;
  }

  /** Whether the value lives in linear memory (string, list&lt;u8&gt;) rather than in one value. */
  public boolean isBuffer() {
    return core == null;
  }

  /** The single core value a scalar flattens to; null for {@link #STRING} and {@link #BYTES}. */
  public ValType coreType() {
    return core;
  }

  /** The core results a function with this WIT result has: one i32 for buffers (the area). */
  List<ValType> coreResults() {
    return List.of(core == null ? ValType.I32 : core);
  }

  /**
   * Reads a WIT type name: the WIT spellings above, also {@code float32}/{@code float64} (WIT's
   * older names, used by the reference node's fixtures) and {@code bytes} for {@code list<u8>}.
   *
   * @throws IllegalArgumentException naming the accepted spellings
   */
  public static WitType parse(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT).replace(" ", "");
    switch (n) {
      case "float32":
        return F32;
      case "float64":
        return F64;
      case "bytes":
        return BYTES;
      default:
        for (WitType t : values()) {
          if (t.witName.equals(n)) return t;
        }
    }
    StringBuilder known = new StringBuilder();
    for (WitType t : values()) {
      known.append(known.isEmpty() ? "" : ", ").append(t.witName);
    }
    throw new IllegalArgumentException(
        "unknown result type \"" + name + "\"; known: " + known + " (and float32, float64, bytes)");
  }

  @Override
  public String toString() {
    return witName;
  }
}
