package io.ipvm.memo.table;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.ipvm.ipld.Cid;
import io.ipvm.ipld.Multihash;
import io.ipvm.memo.graph.WorkflowGraph;
import io.ipvm.memo.model.RunRequest;
import io.ipvm.memo.model.Workflow;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Caffeine caches of parsed workflows, so that submitting the same document again costs neither
 * parsing nor CID computation: run requests by the SHA-256 of the document's bytes ({@link
 * #parse}), and workflow graphs (with every task's CIDs) by workflow CID ({@link #graph}). Failed
 * parses are not cached. Thread-safe.
 */
public final class WorkflowCache {
  private final Cache<String, RunRequest> byBytes;
  private final Cache<Cid, WorkflowGraph> byCid;

  /** Caches of up to {@code maxSize} entries each. */
  public WorkflowCache(long maxSize) {
    this.byBytes = Caffeine.newBuilder().maximumSize(maxSize).build();
    this.byCid = Caffeine.newBuilder().maximumSize(maxSize).build();
  }

  /**
   * The run request in a workflow document (JSON or DAG-CBOR, bare workflow or {@code {name,
   * workflow}}; see {@link RunRequest#parse}), parsed once per distinct content.
   *
   * @throws io.ipvm.memo.model.ModelException if the document is not a valid workflow
   */
  public RunRequest parse(byte[] document) {
    String key = HexFormat.of().formatHex(Multihash.digest(Multihash.SHA2_256, document).digest());
    return byBytes.get(key, k -> RunRequest.parse(document));
  }

  /**
   * The graph of {@code workflow}, built once per workflow CID.
   *
   * @throws io.ipvm.memo.model.ModelException if the graph cannot be built (linked instructions,
   *     duplicates)
   */
  public WorkflowGraph graph(Workflow workflow) {
    Cid cid = workflow.cid();
    WorkflowGraph g = byCid.getIfPresent(cid);
    if (g == null) {
      g = WorkflowGraph.of(workflow);
      byCid.put(cid, g);
    }
    return g;
  }

  /** Parses a document and builds its graph: {@code graph(parse(document).workflow())}. */
  public WorkflowGraph graph(byte[] document) {
    return graph(parse(document).workflow());
  }

  /** A cached graph by workflow CID. */
  public Optional<WorkflowGraph> graph(Cid workflowCid) {
    return Optional.ofNullable(byCid.getIfPresent(workflowCid));
  }
}
