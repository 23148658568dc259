package io.ipvm.memo.model;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.DagCbor;
import io.ipvm.ipld.Ipld;
import io.ipvm.ipld.IpldException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The content-addressed receipt of one invocation: {@code {ran, out, meta, iss, prf}} — exactly the
 * five keys the reference node hashes (no {@code fx}, {@code sig} or {@code version}). Receipts are
 * unsigned; {@code iss} is {@code null} and {@code prf} empty in what the reference node writes.
 *
 * @param ran the invocation CID ({@link Invocation#cid()})
 * @param out the result tuple
 * @param meta a map; the reference node writes {@code {"op": func}} ({@link #opMeta}); the executor
 *     may add keys (fuel used, …), which are part of the receipt CID
 * @param iss the issuer DID, or {@code null}
 * @param prf links to UCAN proofs
 */
public record Receipt(
    Cid ran, InstructionResult out, Map<String, Object> meta, String iss, List<Cid> prf) {
  /** Freezes {@code meta} and copies {@code prf}. */
  @SuppressWarnings("unchecked")
  public Receipt {
    Objects.requireNonNull(ran, "ran");
    Objects.requireNonNull(out, "out");
    meta = (Map<String, Object>) IpldValues.freeze(Objects.requireNonNull(meta, "meta"));
    prf = List.copyOf(prf);
  }

  /** The receipt the reference node writes: {@code meta = {"op": func}}, no issuer, no proofs. */
  public static Receipt of(Cid ran, InstructionResult out, String func) {
    return new Receipt(ran, out, opMeta(func), null, List.of());
  }

  /** {@code {"op": func}}, the reference node's receipt meta. */
  public static Map<String, Object> opMeta(String func) {
    return Map.of("op", func);
  }

  /** The IPLD map {@code {ran, out, meta, iss, prf}}. */
  public Map<String, Object> toIpld() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ran", ran);
    m.put("out", out.toIpld());
    m.put("meta", meta);
    m.put("iss", iss);
    m.put("prf", new ArrayList<Object>(prf));
    return m;
  }

  /** The canonical DAG-CBOR bytes: the block stored in the block store. */
  public byte[] encode() {
    return DagCbor.encode(toIpld());
  }

  /** The receipt CID (CIDv1, dag-cbor, sha3-256 of {@link #encode()}). */
  public Cid cid() {
    return IpldValues.cid(toIpld());
  }

  /**
   * The reference node's DHT record value for this receipt: {@code {"ipvm/receipt": {ran, out,
   * meta, iss, prf, "version": "0.2.0"}}}, to be stored under the binary instruction CID.
   */
  public Map<String, Object> toDhtRecord() {
    Map<String, Object> inner = toIpld();
    inner.put("version", "0.2.0");
    return Map.of("ipvm/receipt", inner);
  }

  /** Reads a receipt map; errors name the field under {@code path}. Other keys are ignored. */
  public static Receipt fromIpld(Object ipld, String path) {
    Map<String, Object> m = IpldValues.map(ipld, path);
    Cid ran = IpldValues.link(IpldValues.required(m, "ran", path), IpldValues.join(path, "ran"));
    InstructionResult out =
        InstructionResult.fromIpld(
            IpldValues.required(m, "out", path), IpldValues.join(path, "out"));
    Map<String, Object> meta =
        IpldValues.map(IpldValues.required(m, "meta", path), IpldValues.join(path, "meta"));
    Object issValue = m.get("iss");
    String iss =
        issValue == null ? null : IpldValues.string(issValue, IpldValues.join(path, "iss"));
    Object prfValue = m.get("prf");
    List<Cid> prf =
        prfValue == null ? List.of() : IpldValues.links(prfValue, IpldValues.join(path, "prf"));
    return new Receipt(ran, out, meta, iss, prf);
  }

  /** Reads a receipt map. */
  public static Receipt fromIpld(Object ipld) {
    return fromIpld(ipld, "");
  }

  /** Decodes a receipt block (strict DAG-CBOR). */
  public static Receipt decode(byte[] dagCbor) {
    Object v;
    try {
      v = DagCbor.decode(dagCbor);
    } catch (IpldException e) {
      throw new ModelException("", "not a DAG-CBOR receipt: " + e.getMessage(), e);
    }
    return fromIpld(v);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Receipt r
        && ran.equals(r.ran)
        && out.equals(r.out)
        && Objects.equals(iss, r.iss)
        && prf.equals(r.prf)
        && Ipld.equals(meta, r.meta);
  }

  @Override
  public int hashCode() {
    return ran.hashCode();
  }
}
