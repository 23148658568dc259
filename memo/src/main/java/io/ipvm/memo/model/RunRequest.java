package io.ipvm.memo.model;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.DagCbor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The reference node's run request, {@code {"name": String, "workflow": Workflow}}, sent as JSON
 * (where {@code name} is optional) or as DAG-CBOR (where both keys are required), e.g. the fixture
 * {@code test-workflow-image-pipeline.cbor}.
 *
 * @param name the workflow's name, or {@code null} when none was given (the reference node then
 *     makes up a random one; a caller may do the same)
 * @param workflow the workflow
 */
public record RunRequest(String name, Workflow workflow) {
  /** Requires a workflow. */
  public RunRequest {
    Objects.requireNonNull(workflow, "workflow");
  }

  /** The IPLD map {@code {name, workflow}}; {@code name} is left out when {@code null}. */
  public Map<String, Object> toIpld() {
    Map<String, Object> m = new LinkedHashMap<>();
    if (name != null) {
      m.put("name", name);
    }
    m.put("workflow", workflow.toIpld());
    return m;
  }

  /** The canonical DAG-CBOR bytes (the reference node's {@code CborRun}). */
  public byte[] encode() {
    return DagCbor.encode(toIpld());
  }

  /** The workflow's CID. */
  public Cid workflowCid() {
    return workflow.cid();
  }

  /**
   * Reads {@code {name?, workflow}}; {@code name} must be a string if present. Errors name the
   * field.
   */
  public static RunRequest fromIpld(Object ipld, boolean nameRequired) {
    Map<String, Object> m = IpldValues.map(ipld, "");
    Object nameValue = nameRequired ? IpldValues.required(m, "name", "") : m.get("name");
    String name = nameValue == null ? null : IpldValues.string(nameValue, "name");
    return new RunRequest(
        name, Workflow.fromIpld(IpldValues.required(m, "workflow", ""), "workflow"));
  }

  /** Reads a JSON run request ({@code name} optional). */
  public static RunRequest fromJson(byte[] json) {
    return fromIpld(readJson(json), false);
  }

  /** Reads a DAG-CBOR run request (both keys required, as the reference node's CborRun). */
  public static RunRequest decode(byte[] dagCbor) {
    return fromIpld(readCbor(dagCbor), true);
  }

  /**
   * Reads any of the four forms a workflow file can take: DAG-JSON or DAG-CBOR (JSON when the first
   * non-blank byte is <code>{</code>), holding either a bare workflow {@code {tasks}} (then {@code
   * name} is {@code null}) or a run request {@code {name?, workflow}}. For {@code ipvm workflow
   * inspect|run FILE}.
   */
  public static RunRequest parse(byte[] bytes) {
    Object v = readAny(bytes);
    Map<String, Object> m = IpldValues.map(v, "");
    if (m.containsKey("tasks")) {
      return new RunRequest(null, Workflow.fromIpld(m, ""));
    }
    if (m.containsKey("workflow")) {
      return fromIpld(m, false);
    }
    throw new ModelException("", "neither a workflow {tasks} nor a run request {name, workflow}");
  }

  static Object readJson(byte[] json) {
    return Workflow.decodeOrFail(json, true);
  }

  static Object readCbor(byte[] cbor) {
    return Workflow.decodeOrFail(cbor, false);
  }

  static Object readAny(byte[] bytes) {
    for (byte b : bytes) {
      if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
        continue;
      }
      return b == '{' ? readJson(bytes) : readCbor(bytes);
    }
    throw new ModelException("", "empty document");
  }
}
