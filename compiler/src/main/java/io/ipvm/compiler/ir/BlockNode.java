package io.ipvm.compiler.ir;

import com.dylibso.chicory.wasm.types.AnnotatedInstruction;
import java.util.List;

/**
 * A {@code block}, {@code loop} or {@code if} with its body (and else branch), or the function body
 * itself ({@link Kind#FUNCTION}).
 *
 * @param kind which construct
 * @param instruction the opening instruction (null for the function body)
 * @param body instructions up to {@code else}/{@code end}
 * @param elseBody instructions of the else branch (empty when absent)
 * @param hasElse whether an {@code else} was written
 * @param estimatedSize estimated bytecode bytes of the whole construct
 */
public record BlockNode(
    Kind kind,
    AnnotatedInstruction instruction,
    List<Node> body,
    List<Node> elseBody,
    boolean hasElse,
    int estimatedSize)
    implements Node {

  /** The structured constructs. */
  public enum Kind {
    FUNCTION,
    BLOCK,
    LOOP,
    IF
  }
}
