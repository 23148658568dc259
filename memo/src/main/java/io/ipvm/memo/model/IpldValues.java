package io.ipvm.memo.model;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.DagCbor;
import io.ipvm.ipld.Multihash;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Helpers over the ipld module's plain-Java data model, shared by the model types: reading typed
 * fields with path-naming errors, deep copies that make raw IPLD immutable, and the reference
 * node's CID rule.
 */
public final class IpldValues {
  private IpldValues() {}

  /**
   * The CID of a value by the reference node's rule: CIDv1, codec dag-cbor (0x71), multihash
   * sha3-256 over the canonical DAG-CBOR encoding ({@code bafyrmi…}).
   */
  public static Cid cid(Object ipld) {
    return DagCbor.cid(ipld, Multihash.SHA3_256);
  }

  /** The CID of already-encoded canonical DAG-CBOR bytes, by the same rule as {@link #cid}. */
  public static Cid cidOfBytes(byte[] dagCbor) {
    return Cid.of(io.ipvm.ipld.Multicodec.DAG_CBOR, Multihash.SHA3_256, dagCbor);
  }

  /**
   * A deep, immutable copy of an IPLD value: maps keep their iteration order, byte arrays are
   * copied, lists and maps become unmodifiable (nulls allowed). Scalars and links are immutable
   * already. Used so that model records cannot be changed through a value the caller still holds.
   */
  public static Object freeze(Object v) {
    if (v instanceof byte[] b) {
      return b.clone();
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object e : l) {
        out.add(freeze(e));
      }
      return Collections.unmodifiableList(out);
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getKey() instanceof String k)) {
          throw new ModelException("", "map key " + e.getKey() + " is not a string");
        }
        out.put(k, freeze(e.getValue()));
      }
      return Collections.unmodifiableMap(out);
    }
    return v;
  }

  /** The value as a map, or an error naming {@code path}. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object v, String path) {
    if (v instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new ModelException(path, "expected a map, got " + kind(v));
  }

  /** The value as a list, or an error naming {@code path}. */
  @SuppressWarnings("unchecked")
  static List<Object> list(Object v, String path) {
    if (v instanceof List<?> l) {
      return (List<Object>) l;
    }
    throw new ModelException(path, "expected a list, got " + kind(v));
  }

  /** A required key of a map; missing keys are an error naming the key's path. */
  static Object required(Map<String, Object> m, String key, String path) {
    if (!m.containsKey(key)) {
      throw new ModelException(join(path, key), "missing field");
    }
    return m.get(key);
  }

  static String string(Object v, String path) {
    if (v instanceof String s) {
      return s;
    }
    throw new ModelException(path, "expected a string, got " + kind(v));
  }

  static Cid link(Object v, String path) {
    if (v instanceof Cid c) {
      return c;
    }
    throw new ModelException(path, "expected a link, got " + kind(v));
  }

  static List<Cid> links(Object v, String path) {
    List<Object> l = list(v, path);
    List<Cid> out = new ArrayList<>(l.size());
    for (int i = 0; i < l.size(); i++) {
      out.add(link(l.get(i), path + "[" + i + "]"));
    }
    return List.copyOf(out);
  }

  static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** A short name of a value's IPLD kind, for messages. */
  public static String kind(Object v) {
    if (v == null) return "null";
    if (v instanceof Boolean) return "a boolean";
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return "an integer";
    }
    if (v instanceof BigInteger) return "an integer";
    if (v instanceof Double || v instanceof Float) return "a float";
    if (v instanceof String) return "a string";
    if (v instanceof byte[]) return "bytes";
    if (v instanceof List<?>) return "a list";
    if (v instanceof Map<?, ?>) return "a map";
    if (v instanceof Cid) return "a link";
    return v.getClass().getSimpleName();
  }
}
