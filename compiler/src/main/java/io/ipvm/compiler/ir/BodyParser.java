package io.ipvm.compiler.ir;

import com.dylibso.chicory.wasm.types.AnnotatedInstruction;
import com.dylibso.chicory.wasm.types.OpCode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/** Turns Chicory's flat, validated instruction list into the {@link Node} tree. */
public final class BodyParser {
  private final List<AnnotatedInstruction> code;
  private final ToIntFunction<AnnotatedInstruction> extraCost;
  private int pos;

  private BodyParser(
      List<AnnotatedInstruction> code, ToIntFunction<AnnotatedInstruction> extraCost) {
    this.code = code;
    this.extraCost = extraCost;
  }

  /**
   * Parses a whole function body (the list ends with the function's {@code end}).
   *
   * @param extraCost bytes to add to an instruction's estimate for what only the module knows (e.g.
   *     boxing the arguments of a call with a very long signature)
   */
  public static BlockNode parse(
      List<AnnotatedInstruction> code, ToIntFunction<AnnotatedInstruction> extraCost) {
    BodyParser p = new BodyParser(code, extraCost);
    List<Node> body = new ArrayList<>();
    OpCode end = p.parseSeq(body);
    if (end != OpCode.END) {
      throw new IllegalStateException("function body does not end with end");
    }
    return new BlockNode(BlockNode.Kind.FUNCTION, null, body, List.of(), false, sum(body) + 16);
  }

  /** Parses until else/end (consumed) and returns which one ended the sequence. */
  private OpCode parseSeq(List<Node> out) {
    while (pos < code.size()) {
      AnnotatedInstruction ins = code.get(pos++);
      OpCode op = ins.opcode();
      switch (op) {
        case END, ELSE -> {
          return op;
        }
        case BLOCK, LOOP, IF -> {
          List<Node> body = new ArrayList<>();
          List<Node> elseBody = new ArrayList<>();
          OpCode stop = parseSeq(body);
          boolean hasElse = false;
          if (stop == OpCode.ELSE) {
            hasElse = true;
            parseSeq(elseBody);
          }
          BlockNode.Kind kind =
              op == OpCode.BLOCK
                  ? BlockNode.Kind.BLOCK
                  : op == OpCode.LOOP ? BlockNode.Kind.LOOP : BlockNode.Kind.IF;
          int size = sum(body) + sum(elseBody) + SizeEstimator.BLOCK_OVERHEAD;
          out.add(new BlockNode(kind, ins, body, elseBody, hasElse, size));
        }
        default ->
            out.add(new OpNode(ins, SizeEstimator.estimate(ins) + extraCost.applyAsInt(ins)));
      }
    }
    return OpCode.END;
  }

  static int sum(List<Node> nodes) {
    int s = 0;
    for (Node n : nodes) {
      s += n.estimatedSize();
    }
    return s;
  }
}
