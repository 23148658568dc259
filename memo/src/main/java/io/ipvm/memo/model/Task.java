package io.ipvm.memo.model;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.DagCbor;
import io.ipvm.ipld.Ipld;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A task of a workflow: {@code {run, cause, meta, prf}}. All four keys are always written ({@code
 * cause} as {@code null} when absent), as the reference node does.
 *
 * @param run the instruction, inline or linked
 * @param cause the receipt that caused this task, or {@code null}; the reference node never uses it
 * @param meta raw IPLD, part of the task's (and invocation's, and so the receipt's {@code ran}) CID
 *     but not of the instruction CID; conventionally {@link Resources} ({@link #resources()})
 * @param prf links to UCAN proofs (kept, not verified)
 */
public record Task(TaskRun run, Cid cause, Object meta, List<Cid> prf) {
  /** Freezes {@code meta} and copies {@code prf}. */
  public Task {
    Objects.requireNonNull(run, "run");
    meta = IpldValues.freeze(meta);
    prf = List.copyOf(prf);
  }

  /** A task running {@code instruction} inline with {@code meta}, no cause, no proofs. */
  public static Task of(Instruction instruction, Object meta) {
    return new Task(new TaskRun.Inline(instruction), null, meta, List.of());
  }

  /**
   * The inline instruction; a linked one is an error ({@value TaskRun#NOT_INLINED}) at path {@code
   * run}.
   */
  public Instruction instruction() {
    return run.instruction("run");
  }

  /** The limits asked for in {@code meta}; see {@link Resources#fromMeta}. */
  public Resources resources() {
    return Resources.fromMeta(meta, "meta");
  }

  /** The IPLD map {@code {run, cause, meta, prf}}. */
  public Map<String, Object> toIpld() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run", run.toIpld());
    m.put("cause", cause);
    m.put("meta", meta);
    m.put("prf", new ArrayList<Object>(prf));
    return m;
  }

  /** The canonical DAG-CBOR bytes. */
  public byte[] encode() {
    return DagCbor.encode(toIpld());
  }

  /** The task CID (CIDv1, dag-cbor, sha3-256). */
  public Cid cid() {
    return IpldValues.cid(toIpld());
  }

  /** The invocation of this task, {@code {task}}. */
  public Invocation invocation() {
    return new Invocation(this);
  }

  /** Reads a task; see {@link #fromIpld(Object, String)}. */
  public static Task fromIpld(Object ipld) {
    return fromIpld(ipld, "");
  }

  /**
   * Reads a task as the reference node does: {@code run} (a map or a link), {@code meta} and {@code
   * prf} (a list of links) are required; {@code cause} is optional (a link or {@code null}). Other
   * keys are ignored. Errors name the field under {@code path}.
   */
  public static Task fromIpld(Object ipld, String path) {
    Map<String, Object> m = IpldValues.map(ipld, path);
    Object runValue = IpldValues.required(m, "run", path);
    String runPath = IpldValues.join(path, "run");
    TaskRun run =
        runValue instanceof Cid c
            ? new TaskRun.Linked(c)
            : new TaskRun.Inline(Instruction.fromIpld(runValue, runPath));
    Object causeValue = m.get("cause");
    Cid cause =
        causeValue == null ? null : IpldValues.link(causeValue, IpldValues.join(path, "cause"));
    Object meta = IpldValues.required(m, "meta", path);
    List<Cid> prf =
        IpldValues.links(IpldValues.required(m, "prf", path), IpldValues.join(path, "prf"));
    return new Task(run, cause, meta, prf);
  }

  /** Decodes DAG-CBOR bytes of a task. */
  public static Task decode(byte[] dagCbor) {
    return fromIpld(DagCbor.decode(dagCbor));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Task t
        && run.equals(t.run)
        && Objects.equals(cause, t.cause)
        && prf.equals(t.prf)
        && Ipld.equals(meta, t.meta);
  }

  @Override
  public int hashCode() {
    return Objects.hash(run, cause, prf);
  }
}
