package io.ipvm.memo.model;

import io.ipvm.ipld.Cid;

/**
 * A task's {@code run}: the instruction written inline (what workflows must contain) or a link to
 * one. Links are read and written back unchanged, so a task with a linked instruction keeps its
 * CID, but a workflow cannot run them: {@link #instruction(String)} reports them the way the
 * reference node does.
 */
public sealed interface TaskRun permits TaskRun.Inline, TaskRun.Linked {
  /** The message the reference node gives for a linked instruction in a workflow. */
  String NOT_INLINED = "workflow tasks/instructions must be expanded / inlined";

  /** The IPLD value: the instruction map or the link. */
  Object toIpld();

  /** The inline instruction, or a {@link ModelException} at {@code path} for a link. */
  Instruction instruction(String path);

  /** An instruction written inline. */
  record Inline(Instruction instruction) implements TaskRun {
    /** Requires a non-null instruction. */
    public Inline {
      java.util.Objects.requireNonNull(instruction, "instruction");
    }

    @Override
    public Object toIpld() {
      return instruction.toIpld();
    }

    @Override
    public Instruction instruction(String path) {
      return instruction;
    }
  }

  /** A link to an instruction (the CID of its DAG-CBOR). */
  record Linked(Cid cid) implements TaskRun {
    /** Requires a non-null CID. */
    public Linked {
      java.util.Objects.requireNonNull(cid, "cid");
    }

    @Override
    public Object toIpld() {
      return cid;
    }

    @Override
    public Instruction instruction(String path) {
      throw new ModelException(path, NOT_INLINED + " (run is a link to " + cid + ")");
    }
  }
}
