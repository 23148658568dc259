package io.ipvm.memo.model;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.DagCbor;
import io.ipvm.ipld.Ipld;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What to run: {@code {rsc, op, input, nnc}}. Its CID (the reference node's rule, see {@link
 * IpldValues#cid}) is the memoization key: two tasks with the same instruction have the same
 * result, whatever their {@code meta}.
 *
 * @param rsc the resource, a URL string: {@code ipfs://<cid>} for a Wasm module
 * @param op the ability, e.g. {@code "wasm/run"}
 * @param input raw IPLD, kept as given (for {@code wasm/run}: {@code {"func": name, "args":
 *     [..]}}); deep-copied and unmodifiable
 * @param nnc the nonce, in the form it was given
 */
public record Instruction(String rsc, String op, Object input, Nonce nnc) {
  /** The only op the reference node runs. */
  public static final String WASM_RUN = "wasm/run";

  /** Validates the URL and freezes {@code input}. */
  public Instruction {
    Objects.requireNonNull(rsc, "rsc");
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(nnc, "nnc");
    checkUrl(rsc, "rsc");
    input = IpldValues.freeze(input);
  }

  /** A {@code wasm/run} instruction: {@code input = {"func": func, "args": args}}, no nonce. */
  public static Instruction wasmRun(String rsc, String func, java.util.List<?> args) {
    return new Instruction(rsc, WASM_RUN, Map.of("func", func, "args", args), Nonce.EMPTY);
  }

  /** This instruction with another nonce (to run the same call twice in one workflow). */
  public Instruction withNonce(Nonce nonce) {
    return new Instruction(rsc, op, input, nonce);
  }

  /** The IPLD map {@code {rsc, op, input, nnc}}; all four keys are always written. */
  public Map<String, Object> toIpld() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rsc", rsc);
    m.put("op", op);
    m.put("input", input);
    m.put("nnc", nnc.toIpld());
    return m;
  }

  /** The canonical DAG-CBOR bytes of {@link #toIpld()}. */
  public byte[] encode() {
    return DagCbor.encode(toIpld());
  }

  /** The instruction CID (CIDv1, dag-cbor, sha3-256): the memo table's key. */
  public Cid cid() {
    return IpldValues.cid(toIpld());
  }

  /** Reads an instruction map; see {@link #fromIpld(Object, String)}. */
  public static Instruction fromIpld(Object ipld) {
    return fromIpld(ipld, "");
  }

  /**
   * Reads an instruction map as the reference node does: {@code rsc} a URL string, or a link that
   * becomes {@code ipfs://<cid>}; {@code op} a string; {@code input} any IPLD (required); {@code
   * nnc} optional (missing → {@code ""}). Other keys are ignored, as the reference node ignores
   * them — they are not part of the re-encoded instruction and so not of its CID. Errors name the
   * field under {@code path} ({@code tasks[0].run.rsc: …}).
   */
  public static Instruction fromIpld(Object ipld, String path) {
    Map<String, Object> m = IpldValues.map(ipld, path);
    Object rscValue = IpldValues.required(m, "rsc", path);
    String rscPath = IpldValues.join(path, "rsc");
    String rsc;
    if (rscValue instanceof Cid cid) {
      rsc = "ipfs://" + cid;
    } else if (rscValue instanceof String s) {
      rsc = s;
      checkUrl(s, rscPath);
    } else {
      throw new ModelException(
          rscPath, "expected a URL string or a link, got " + IpldValues.kind(rscValue));
    }
    String op = IpldValues.string(IpldValues.required(m, "op", path), IpldValues.join(path, "op"));
    Object input = IpldValues.required(m, "input", path);
    Nonce nnc = Nonce.fromIpld(m.get("nnc"), IpldValues.join(path, "nnc"));
    return new Instruction(rsc, op, input, nnc);
  }

  /** Decodes DAG-CBOR bytes of an instruction. */
  public static Instruction decode(byte[] dagCbor) {
    return fromIpld(DagCbor.decode(dagCbor));
  }

  /**
   * The function name of a {@code wasm/run} input ({@code input.func}), or an error naming {@code
   * input.func}.
   */
  public String func() {
    return IpldValues.string(
        IpldValues.required(IpldValues.map(input, "input"), "func", "input"), "input.func");
  }

  /** The positional arguments of a {@code wasm/run} input ({@code input.args}). */
  public java.util.List<Object> args() {
    return IpldValues.list(
        IpldValues.required(IpldValues.map(input, "input"), "args", "input"), "input.args");
  }

  // url::Url (the reference node's parser) needs an absolute URL: a scheme, then anything.
  private static void checkUrl(String s, String path) {
    try {
      URI uri = new URI(s);
      if (uri.getScheme() == null) {
        throw new ModelException(path, "not a URL (no scheme): \"" + s + "\"");
      }
    } catch (URISyntaxException e) {
      throw new ModelException(path, "not a URL: " + e.getMessage());
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Instruction i
        && rsc.equals(i.rsc)
        && op.equals(i.op)
        && nnc.equals(i.nnc)
        && Ipld.equals(input, i.input);
  }

  @Override
  public int hashCode() {
    return Objects.hash(rsc, op, nnc);
  }
}
