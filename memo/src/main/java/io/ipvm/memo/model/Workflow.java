package io.ipvm.memo.model;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.DagCbor;
import io.ipvm.ipld.DagJson;
import io.ipvm.ipld.IpldException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A workflow, {@code {tasks: [Task]}} — the reference node's form (no version, name, signature,
 * defaults or catch). Tasks that await each other are linked by instruction CID; see {@link
 * io.ipvm.memo.graph.WorkflowGraph} for the dependency graph.
 *
 * @param tasks the tasks, in document order (indexes in errors and graphs refer to it)
 */
public record Workflow(List<Task> tasks) {
  /** Copies {@code tasks}. */
  public Workflow {
    tasks = List.copyOf(tasks);
  }

  /** The IPLD map {@code {tasks}}. */
  public Map<String, Object> toIpld() {
    List<Object> l = new ArrayList<>(tasks.size());
    for (Task t : tasks) {
      l.add(t.toIpld());
    }
    return Map.of("tasks", l);
  }

  /** The canonical DAG-CBOR bytes. */
  public byte[] encode() {
    return DagCbor.encode(toIpld());
  }

  /** The workflow CID (CIDv1, dag-cbor, sha3-256). */
  public Cid cid() {
    return IpldValues.cid(toIpld());
  }

  /**
   * Reads {@code {tasks: [...]}}. Tasks whose {@code run} is a link are accepted here (they keep
   * their CIDs) and rejected when the graph is built. Errors name the field: {@code
   * tasks[1].run.nnc: …}.
   */
  public static Workflow fromIpld(Object ipld, String path) {
    Map<String, Object> m = IpldValues.map(ipld, path);
    String tasksPath = IpldValues.join(path, "tasks");
    List<Object> l = IpldValues.list(IpldValues.required(m, "tasks", path), tasksPath);
    List<Task> tasks = new ArrayList<>(l.size());
    for (int i = 0; i < l.size(); i++) {
      tasks.add(Task.fromIpld(l.get(i), tasksPath + "[" + i + "]"));
    }
    return new Workflow(tasks);
  }

  /** Reads {@code {tasks: [...]}}. */
  public static Workflow fromIpld(Object ipld) {
    return fromIpld(ipld, "");
  }

  /**
   * Reads a DAG-JSON workflow document with serde_json's number rule (integers beyond u64/i64
   * become floats), as the reference node does.
   */
  public static Workflow fromJson(byte[] json) {
    return fromIpld(RunRequest.readJson(json));
  }

  /** Reads a DAG-CBOR workflow (strict). */
  public static Workflow decode(byte[] dagCbor) {
    return fromIpld(RunRequest.readCbor(dagCbor));
  }

  /** Reads a workflow document in either codec; see {@link RunRequest#readAny}. */
  public static Workflow parse(byte[] bytes) {
    return fromIpld(RunRequest.readAny(bytes));
  }

  static Object decodeOrFail(byte[] b, boolean json) {
    try {
      return json ? DagJson.decode(b, DagJson.Numbers.SERDE_JSON) : DagCbor.decode(b);
    } catch (IpldException e) {
      throw new ModelException(
          "", "not a " + (json ? "DAG-JSON" : "DAG-CBOR") + " document: " + e.getMessage(), e);
    }
  }
}
