package io.ipvm.wasm;

import java.util.List;

/**
 * A WebAssembly function type. Two function types are equal when their parameter and result lists
 * are equal, which is exactly the structural equivalence Wasm 2.0 requires of {@code call_indirect}
 * and of imports.
 *
 * @param params parameter types in order
 * @param results result types in order (multi-value: any number)
 */
public record FunctionType(List<ValType> params, List<ValType> results) {

  /** Makes a defensive, immutable copy of both lists. */
  public FunctionType {
    params = List.copyOf(params);
    results = List.copyOf(results);
  }

  /** Convenience factory. */
  public static FunctionType of(List<ValType> params, List<ValType> results) {
    return new FunctionType(params, results);
  }

  /**
   * A short, interned string that identifies this type, e.g. {@code "ij:d"} for {@code (i32, i64)
   * -> f64}. Interned so that generated code can compare signatures by identity.
   */
  public String key() {
    StringBuilder sb = new StringBuilder(params.size() + results.size() + 1);
    for (ValType p : params) {
      sb.append(p.code());
    }
    sb.append(':');
    for (ValType r : results) {
      sb.append(r.code());
    }
    return sb.toString().intern();
  }

  /**
   * The type a {@link #key()} names.
   *
   * @throws IllegalArgumentException if {@code key} is not a signature key
   */
  public static FunctionType parseKey(String key) {
    int colon = key.indexOf(':');
    if (colon < 0 || key.indexOf(':', colon + 1) >= 0) {
      throw new IllegalArgumentException("not a signature key: " + key);
    }
    return new FunctionType(
        types(key.substring(0, colon), key), types(key.substring(colon + 1), key));
  }

  private static List<ValType> types(String codes, String key) {
    ValType[] out = new ValType[codes.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ValType.ofCode(codes.charAt(i));
      if (out[i] == null) {
        throw new IllegalArgumentException("not a signature key: " + key);
      }
    }
    return List.of(out);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < params.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(params.get(i).wasmName());
    }
    sb.append(") -> (");
    for (int i = 0; i < results.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(results.get(i).wasmName());
    }
    return sb.append(')').toString();
  }
}
