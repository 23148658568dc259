package io.ipvm.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ipvm.compiler.abi.RuntimeClass;
import io.ipvm.compiler.lower.HelperCall;
import java.lang.constant.MethodTypeDesc;
import org.junit.jupiter.api.Test;

/**
 * Each helper-call lowering agrees with the helper's signature (operands, then the context, then
 * the immediates as ints) and with the stack effect the splitter plans with ({@link StackEffect}).
 */
class HelperCallTest {
  @Test
  void loweringsMatchTheirHelpersAndStackEffects() {
    for (HelperCall c : HelperCall.values()) {
      MethodTypeDesc t = c.helper().type();
      assertEquals(c.operands() + 1 + c.immediates(), t.parameterCount(), c + ": arguments");
      assertEquals(
          RuntimeClass.CONTEXT.descriptor(),
          t.parameterType(c.operands()).descriptorString(),
          c + ": the context after the operands");
      for (int i = 0; i < c.immediates(); i++) {
        assertEquals("I", t.parameterType(c.operands() + 1 + i).descriptorString(), c + ": imm");
      }
      int pushes = c.result() == HelperCall.Result.NONE ? 0 : 1;
      assertEquals(
          pushes == 0, t.returnType().descriptorString().equals("V"), c + ": result or none");
      assertEquals(
          c.operands() * 16 + pushes, StackEffect.simple(c.opcode()), c + ": stack effect");
    }
  }
}
