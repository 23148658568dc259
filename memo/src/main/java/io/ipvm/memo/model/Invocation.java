package io.ipvm.memo.model;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.DagCbor;
import java.util.Map;
import java.util.Objects;

/**
 * An unsigned invocation, {@code {task}} — the reference node has no {@code auth} or signature. Its
 * CID is a receipt's {@code ran}; because the task includes {@code meta}, {@code ran} depends on
 * the task's limits while the memo key (the instruction CID) does not.
 *
 * @param task the invoked task
 */
public record Invocation(Task task) {
  /** Requires a non-null task. */
  public Invocation {
    Objects.requireNonNull(task, "task");
  }

  /** The IPLD map {@code {task}}. */
  public Map<String, Object> toIpld() {
    return Map.of("task", task.toIpld());
  }

  /** The canonical DAG-CBOR bytes. */
  public byte[] encode() {
    return DagCbor.encode(toIpld());
  }

  /** The invocation CID (CIDv1, dag-cbor, sha3-256) = {@code receipt.ran}. */
  public Cid cid() {
    return IpldValues.cid(toIpld());
  }

  /** Reads {@code {task}}; errors name the field under {@code path}. */
  public static Invocation fromIpld(Object ipld, String path) {
    Map<String, Object> m = IpldValues.map(ipld, path);
    return new Invocation(
        Task.fromIpld(IpldValues.required(m, "task", path), IpldValues.join(path, "task")));
  }

  /** Reads {@code {task}}. */
  public static Invocation fromIpld(Object ipld) {
    return fromIpld(ipld, "");
  }
}
